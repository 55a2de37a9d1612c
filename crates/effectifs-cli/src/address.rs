//! The API address given to `send --base` and `serve --upstream`, checked once for both: http(s),
//! plain http only for this machine (the key would otherwise travel in clear), no credentials, no
//! query or fragment.

/// An API base URL, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The URL, without a final `/`.
    pub url: String,
    /// Whether it is this machine (`localhost`, `127.0.0.0/8`, `::1`): never reached through a proxy.
    pub loopback: bool,
}

impl Base {
    /// Checks `text`. The error is a French sentence that never repeats a password.
    pub fn parse(text: &str) -> Result<Base, String> {
        let url = reqwest::Url::parse(text.trim()).map_err(|_| {
            format!(
                "adresse de l'API invalide « {text} » (exemple : {}).",
                effectifs_send::DEFAULT_BASE
            )
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            // Not repeated: the text holds a password. The key goes in its own header; credentials in
            // the address would add a second `Authorization` header.
            return Err(
                "l'adresse de l'API contient un identifiant ou un mot de passe (« utilisateur:mot-de-passe@ ») : ce \
                 n'est pas accepté. Donnez l'adresse sans eux ; la clé d'échange suffit à s'identifier."
                    .to_owned(),
            );
        }
        let loopback = url.host_str().is_some_and(|host| {
            let bare = host.trim_start_matches('[').trim_end_matches(']');
            host.eq_ignore_ascii_case("localhost")
                || bare
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|address| address.is_loopback())
        });
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(format!(
                    "l'adresse « {text} » n'est pas chiffrée (http) : la clé d'échange y circulerait en clair. \
                     Utilisez une adresse https, ou une adresse de cette machine (127.0.0.1, localhost)."
                ));
            }
            _ => return Err(format!("adresse de l'API invalide « {text} » (http ou https attendu).")),
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("adresse de l'API invalide « {text} » (sans « ? » ni « # »)."));
        }
        Ok(Base {
            url: url.as_str().trim_end_matches('/').to_owned(),
            loopback,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each case: the address given, and the checked URL with its locality or the error's gist.
    #[test]
    fn bases() {
        let cases: &[(&str, &str)] = &[
            (
                "https://cfas.apprentissage.beta.gouv.fr/api",
                "https://cfas.apprentissage.beta.gouv.fr/api (distant)",
            ),
            ("http://127.0.0.1:8787/api/", "http://127.0.0.1:8787/api (local)"),
            ("http://127.8.9.10:8787/api", "http://127.8.9.10:8787/api (local)"),
            ("http://localhost:8080/api", "http://localhost:8080/api (local)"),
            ("http://LOCALHOST:8080/api", "http://localhost:8080/api (local)"),
            ("http://[::1]:8080/api", "http://[::1]:8080/api (local)"),
            ("http://exemple.fr/api", "n'est pas chiffrée"),
            ("http://localhost.exemple.fr/api", "n'est pas chiffrée"),
            ("http://127.0.0.1.nip.io/api", "n'est pas chiffrée"),
            ("http://0x7f.1/api", "http://127.0.0.1/api (local)"),
            ("http://[::ffff:7f00:1]/api", "n'est pas chiffrée"),
            ("http://0.0.0.0:8080/api", "n'est pas chiffrée"),
            ("ftp://exemple.fr/api", "http ou https attendu"),
            ("pas une adresse", "adresse de l'API invalide"),
            ("https://exemple.fr/api?x=1", "sans « ? »"),
            ("https://exemple.fr/api#x", "sans « ? »"),
            ("https://moi:secret@exemple.fr/api", "identifiant ou un mot de passe"),
            ("https://moi@exemple.fr/api", "identifiant ou un mot de passe"),
            ("http://:secret@127.0.0.1/api", "identifiant ou un mot de passe"),
        ];
        for (text, expected) in cases {
            let actual = match Base::parse(text) {
                Ok(base) => format!("{} ({})", base.url, if base.loopback { "local" } else { "distant" }),
                Err(message) => {
                    assert!(!message.contains("secret"), "a password is never repeated: {message}");
                    message
                }
            };
            assert!(actual.contains(expected), "{text}: {actual}");
        }
    }
}
