//! Why a send stopped, in French, for the person who launched it.

use serde::Serialize;

/// Why sending stopped before every batch was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// HTTP 403: the exchange key is missing, malformed or refused.
    KeyRefused,
    /// HTTP 400: the server refused the request as a whole.
    BadRequest,
    /// HTTP 413: the batch is too large for the server.
    TooLarge,
    /// HTTP 429 too many times, or with a `Retry-After` too long to wait for.
    RateLimited,
    /// Server errors (5xx) or network failures, more times than the retry budget.
    RetriesExhausted,
    /// Any other answer (404, 401, a redirection…).
    UnexpectedStatus,
    /// A success status without the API's answer ("non confirmé"): the address is probably not the API.
    Unconfirmed,
}

/// A stop, with what the server said and the French explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stop {
    /// The kind of stop.
    pub reason: StopReason,
    /// The HTTP status of the last answer, if there was one.
    pub status: Option<u16>,
    /// The server's own message (`message` of its JSON body), or the network failure's description.
    pub server_message: Option<String>,
    /// The batch (from 1) being sent, if any (none for the key check).
    pub batch: Option<usize>,
    /// What happened and what to do, in French.
    pub message: String,
}

/// The French explanation of a 403, from the server's message (`docs/api.md#exchange-key`).
pub fn key_refused(server_message: Option<&str>) -> String {
    let why = match server_message {
        Some("Clé API manquante") => {
            "aucune clé d'échange n'a été transmise. Indiquez la clé générée dans les paramètres de votre espace \
             sur le Tableau de bord de l'apprentissage."
        }
        Some("La clé API doit etre au format Bearer") => {
            "la clé d'échange n'a pas été transmise au format attendu (en-tête « Authorization: Bearer <clé> »). \
             Vérifiez que la clé ne contient ni espace ni retour à la ligne au début."
        }
        Some("La clé API n'est pas valide") => {
            "la clé d'échange est refusée : elle est inconnue du serveur, a été remplacée par une clé plus récente, \
             ou a été désactivée après 12 mois sans transmission. Générez une nouvelle clé d'échange dans les \
             paramètres de votre espace sur le Tableau de bord de l'apprentissage, puis relancez l'envoi."
        }
        _ => "le serveur refuse l'accès avec cette clé d'échange. Vérifiez la clé et l'adresse du serveur.",
    };
    match server_message {
        Some(said) => format!("Envoi refusé (HTTP 403, « {said} ») : {why}"),
        None => format!("Envoi refusé (HTTP 403) : {why}"),
    }
}

/// The French explanation of a 400 on batch `batch`.
pub fn bad_request(batch: Option<usize>, server_message: Option<&str>) -> String {
    let what = batch.map_or_else(|| "la requête".to_owned(), |batch| format!("le lot {batch}"));
    let said = server_message.map_or_else(String::new, |said| format!(", « {said} »"));
    format!(
        "Envoi arrêté : le serveur a refusé {what} en entier (HTTP 400{said}). Rien de ce lot n'a été enregistré. \
         C'est inattendu pour un fichier vérifié : signalez-le avec le message ci-dessus."
    )
}

/// The French explanation of a 413 on batch `batch`.
pub fn too_large(batch: Option<usize>) -> String {
    let what = batch.map_or_else(|| "La requête".to_owned(), |batch| format!("Le lot {batch}"));
    format!(
        "Envoi arrêté : {what} dépasse la taille acceptée par le serveur (10 Mo, HTTP 413). Rien de ce lot n'a \
         été enregistré : relancez l'envoi avec des lots plus petits ; les lots déjà acceptés ne seront pas renvoyés."
    )
}

/// The French explanation of a rate limit the engine gives up on.
pub fn rate_limited(wait_ms: Option<u64>) -> String {
    match wait_ms {
        Some(wait_ms) => format!(
            "Envoi interrompu : le serveur limite le nombre de requêtes et demande d'attendre {} avant de \
             reprendre (HTTP 429). Relancez l'envoi plus tard ; les lots déjà acceptés ne seront pas renvoyés.",
            duration_words(wait_ms)
        ),
        None => "Envoi interrompu : le serveur refuse encore les requêtes après plusieurs attentes (HTTP 429, « trop \
                 de requêtes »). Relancez l'envoi plus tard ; les lots déjà acceptés ne seront pas renvoyés."
            .to_owned(),
    }
}

/// The French explanation of retries that all failed.
pub fn retries_exhausted(tries: u32, last: &str) -> String {
    format!(
        "Envoi interrompu : le serveur n'a pas pu être joint correctement après {tries} essais (dernier : {last}). \
         Relancez l'envoi plus tard ; les lots déjà acceptés ne seront pas renvoyés."
    )
}

/// The French explanation of an answer the contract does not have.
pub fn unexpected_status(status: u16, server_message: Option<&str>) -> String {
    let said = server_message.map_or_else(String::new, |said| format!(", « {said} »"));
    let hint = match status {
        404 | 405 => {
            " Vérifiez l'adresse du serveur : elle doit finir par « /api » (par exemple https://cfas.apprentissage.beta.gouv.fr/api)."
        }
        300..=399 => " Le serveur redirige la requête : vérifiez l'adresse du serveur (https, « /api » à la fin).",
        _ => "",
    };
    format!("Envoi arrêté : réponse inattendue du serveur (HTTP {status}{said}).{hint}")
}

/// The French explanation of a success status that is not the API's answer: for the key check
/// (`batch` is none) or for a batch, whose lines stay to be sent.
pub fn unconfirmed(batch: Option<usize>, status: u16) -> String {
    let check_address = "Vérifiez l'adresse du serveur : elle doit être celle de l'API et finir par « /api » (par exemple \
        https://cfas.apprentissage.beta.gouv.fr/api). Une page de connexion à un réseau (Wi-Fi public), un proxy ou un \
        autre site peut aussi répondre à sa place.";
    match batch {
        None => format!(
            "Envoi arrêté : la vérification de la clé d'échange n'est pas confirmée. Le serveur a répondu HTTP {status}, \
             mais pas comme l'API du Tableau de bord de l'apprentissage : rien n'a été envoyé. {check_address}"
        ),
        Some(batch) => format!(
            "Envoi arrêté : lot {batch} non confirmé. Le serveur a répondu HTTP {status}, mais pas comme l'API du Tableau \
             de bord de l'apprentissage : rien ne prouve que ses lignes ont été enregistrées. Elles restent à envoyer ; \
             les renvoyer est sans risque, car le Tableau de bord identifie un effectif par son organisme, son année \
             scolaire et son id_erp_apprenant. {check_address}"
        ),
    }
}

/// A delay in French words: `800 ms`, `1,5 s`, `2 min 5 s`.
pub fn duration_words(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        let tenths = (ms + 50) / 100;
        if tenths.is_multiple_of(10) {
            format!("{} s", tenths / 10)
        } else {
            format!("{},{} s", tenths / 10, tenths % 10)
        }
    } else {
        let seconds = (ms + 500) / 1000;
        if seconds.is_multiple_of(60) {
            format!("{} min", seconds / 60)
        } else {
            format!("{} min {} s", seconds / 60, seconds % 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let cases = [
            (0, "0 ms"),
            (800, "800 ms"),
            (1000, "1 s"),
            (1540, "1,5 s"),
            (59_000, "59 s"),
            (60_000, "1 min"),
            (125_000, "2 min 5 s"),
        ];
        for (ms, expected) in cases {
            assert_eq!(duration_words(ms), expected);
        }
    }

    #[test]
    fn key_messages_name_the_cause() {
        let invalid = key_refused(Some("La clé API n'est pas valide"));
        assert!(invalid.contains("« La clé API n'est pas valide »"), "{invalid}");
        assert!(invalid.contains("la clé d'échange est refusée"), "{invalid}");
        assert!(key_refused(Some("Clé API manquante")).contains("aucune clé d'échange"));
        assert!(key_refused(Some("La clé API doit etre au format Bearer")).contains("Bearer"));
        assert!(key_refused(None).contains("HTTP 403"));
    }
}
