//! Reading the server's answers (`docs/api.md#answers`): the 200 body item by item, the message of an
//! error body, and the `Retry-After` header.

use serde_json::Value as Json;

use crate::state::ServerError;

/// What a 200 answer says about item `i` of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemAnswer {
    /// Stored without validation error.
    Accepted,
    /// Stored as invalid: the server will never process it.
    Rejected(Vec<ServerError>),
}

/// The per-item answers of a 200 body for a batch of `count` items, when the body is the API's
/// (`docs/api.md`): a JSON object with `"status": "OK"` and a `data` array holding one object per
/// item, in the request's order, whose `validation_errors` (when present) is a list. Anything else
/// — a placeholder page, a captive portal, another service behind a wrong address — is `None`:
/// nothing proves that the batch was stored.
pub fn batch_answers(body: &[u8], count: usize) -> Option<Vec<ItemAnswer>> {
    let json = serde_json::from_slice::<Json>(body).ok()?;
    let object = json.as_object()?;
    if object.get("status").and_then(Json::as_str) != Some("OK") {
        return None;
    }
    let data = object.get("data")?.as_array()?;
    if data.len() != count {
        return None;
    }
    data.iter().map(item_answer).collect()
}

/// Whether a 200 body is the key check's answer, `{"msg":"ok"}` (`docs/api.md`).
pub fn is_key_check_answer(body: &[u8]) -> bool {
    serde_json::from_slice::<Json>(body)
        .ok()
        .is_some_and(|json| json.get("msg").and_then(Json::as_str) == Some("ok"))
}

fn item_answer(element: &Json) -> Option<ItemAnswer> {
    let object = element.as_object()?;
    let errors: Vec<ServerError> = match object.get("validation_errors") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(errors)) => errors.iter().map(server_error).collect(),
        Some(_) => return None,
    };
    let has_error = match object.get("has_error") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(has_error)) => *has_error,
        Some(_) => return None,
    };
    Some(if errors.is_empty() && !has_error {
        ItemAnswer::Accepted
    } else if errors.is_empty() {
        ItemAnswer::Rejected(vec![ServerError {
            field: None,
            message: "refusé par le serveur, sans détail".to_owned(),
        }])
    } else {
        ItemAnswer::Rejected(errors)
    })
}

fn server_error(error: &Json) -> ServerError {
    let message = match error.get("message") {
        Some(Json::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => error.to_string(),
    };
    // `path` is `[field]` for one dossier (`[index, field]` when a whole array was validated).
    let field = error
        .get("path")
        .and_then(Json::as_array)
        .and_then(|path| path.iter().rev().find_map(Json::as_str))
        .map(str::to_owned);
    ServerError { field, message }
}

/// The `message` of an error body (`{"error":…,"message":…}`), and the first `details[].message`
/// when there is one (the 400 of `docs/api.md#limits` says why there).
pub fn error_message(body: &[u8]) -> Option<String> {
    let json = serde_json::from_slice::<Json>(body).ok()?;
    let message = json.get("message").and_then(Json::as_str).map(str::to_owned);
    let detail = match json.get("details") {
        Some(Json::Array(details)) => details
            .first()
            .and_then(|first| first.get("message"))
            .and_then(Json::as_str)
            .map(str::to_owned),
        Some(Json::String(text)) => Some(text.clone()),
        _ => None,
    };
    match (message, detail) {
        (Some(message), Some(detail)) if message != detail => Some(format!("{message} : {detail}")),
        (Some(message), _) => Some(message),
        (None, detail) => detail,
    }
}

/// The delay a `Retry-After` value asks for, in milliseconds: either a number of seconds or an
/// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), compared with `now_ms` (milliseconds since the
/// Unix epoch). `None` when the value cannot be read.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        let seconds: u64 = value.parse().ok()?;
        return Some(seconds.saturating_mul(1000));
    }
    let at_ms = http_date_ms(value)?;
    Some(at_ms.saturating_sub(now_ms))
}

/// An IMF-fixdate (RFC 9110, section 5.6.7) as milliseconds since the Unix epoch.
fn http_date_ms(value: &str) -> Option<u64> {
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    let rest = value.split_once(", ")?.1;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok()?;
    let month = MONTHS.iter().position(|name| name == month)?;
    let year: i64 = year.parse().ok()?;
    let mut clock = time.split(':').map(str::parse::<u32>);
    let (Some(Ok(hour)), Some(Ok(minute)), Some(Ok(second)), None) =
        (clock.next(), clock.next(), clock.next(), clock.next())
    else {
        return None;
    };
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let month = u32::try_from(month).ok()? + 1;
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    u64::try_from(seconds).ok()?.checked_mul(1000)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after() {
        // 1994-11-06T08:49:37Z = 784111777 s.
        let now = 784_111_777_000;
        let cases: &[(&str, Option<u64>)] = &[
            ("0", Some(0)),
            ("1", Some(1000)),
            (" 120 ", Some(120_000)),
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(0)),
            ("Sun, 06 Nov 1994 08:50:07 GMT", Some(30_000)),
            ("Sun, 06 Nov 1994 08:49:00 GMT", Some(0)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("-1", None),
            ("1.5", None),
            ("", None),
            ("demain", None),
            ("Sun, 06 Foo 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 25:49:37 GMT", None),
            ("99999999999999999999999", None),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_retry_after(value, now), *expected, "{value:?}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn answers_and_messages() {
        let body = br#"{"status":"OK","message":"Queued","detail":"Some data are invalid","data":[
            {"nom_apprenant":"Doe","validation_errors":[],"has_error":false},
            {"validation_errors":[{"message":"Champ obligatoire","path":["nom_apprenant"]},{"message":"x","path":[]}],"has_error":true},
            {"validation_errors":[],"has_error":true}
        ]}"#;
        let answers = batch_answers(body, 3).expect("the API's answer");
        assert_eq!(answers[0], ItemAnswer::Accepted);
        assert_eq!(
            answers[1],
            ItemAnswer::Rejected(vec![
                ServerError {
                    field: Some("nom_apprenant".to_owned()),
                    message: "Champ obligatoire".to_owned()
                },
                ServerError {
                    field: None,
                    message: "x".to_owned()
                }
            ])
        );
        assert!(matches!(answers[2], ItemAnswer::Rejected(_)));

        // Only the API's shape counts: each case is a 200 body for 1 item that is not it.
        let not_the_api: &[&[u8]] = &[
            b"",
            b"<html><body>Bienvenue sur le portail Wi-Fi</body></html>",
            br#"{"msg":"ok"}"#,
            br#"{"status":"OK","message":"Queued"}"#,
            br#"{"status":"OK","data":[]}"#,
            br#"{"status":"OK","data":[{}, {}]}"#,
            br#"{"status":"ERROR","data":[{}]}"#,
            br#"{"data":[{}]}"#,
            br#"{"status":"OK","data":{"0":{}}}"#,
            br#"{"status":"OK","data":["ok"]}"#,
            br#"{"status":"OK","data":[{"validation_errors":"aucune"}]}"#,
            br#"{"status":"OK","data":[{"has_error":"non"}]}"#,
            br#"[{"status":"OK"}]"#,
        ];
        for body in not_the_api {
            assert_eq!(batch_answers(body, 1), None, "{}", String::from_utf8_lossy(body));
        }
        assert_eq!(
            batch_answers(br#"{"status":"OK","message":"Queued","data":[{"_id":"x"}]}"#, 1),
            Some(vec![ItemAnswer::Accepted])
        );

        let key_answers: &[(&[u8], bool)] = &[
            (br#"{"msg":"ok"}"#, true),
            (br#"{"msg":"ok","extra":1}"#, true),
            (br#"{"msg":"OK"}"#, false),
            (br#"{"status":"OK","message":"Queued","data":[]}"#, false),
            (b"<html>ok</html>", false),
            (b"", false),
        ];
        for (body, expected) in key_answers {
            assert_eq!(
                is_key_check_answer(body),
                *expected,
                "{}",
                String::from_utf8_lossy(body)
            );
        }

        let cases: &[(&[u8], Option<&str>)] = &[
            (
                r#"{"error":"Forbidden","message":"La clé API n'est pas valide"}"#.as_bytes(),
                Some("La clé API n'est pas valide"),
            ),
            (
                br#"{"error":"Bad Request","message":"Erreur de validation","details":[{"message":"\"value\" must be an array"}]}"#,
                Some("Erreur de validation : \"value\" must be an array"),
            ),
            (br#"{"details":"x"}"#, Some("x")),
            (b"Bad gateway", None),
        ];
        for (body, expected) in cases {
            assert_eq!(error_message(body).as_deref(), *expected);
        }
    }
}
