//! What `sandbox` and `serve` share as local servers: where the sandbox database lives (it holds
//! learners' personal data), and the loud warning when they listen beyond this machine.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Said next to the database's path.
pub const PERSONAL_DATA: &str = "elle contient les données personnelles des apprenants envoyés (noms, dates de \
naissance, coordonnées…) : supprimez-la quand vous n'en avez plus besoin";

/// The database file: the one given with `--db`, or `sandbox.sqlite` in the user's data directory
/// (`$XDG_DATA_HOME/effectifs`, `~/.local/share/effectifs` on Linux), created readable by its owner only.
pub fn database(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return Ok(path.to_owned());
    }
    let Some(data) = dirs::data_local_dir() else {
        return Err(
            "impossible de trouver le dossier de données de l'utilisateur pour la base du bac à sable : indiquez \
             un fichier avec --db FICHIER."
                .to_owned(),
        );
    };
    let dir = data.join("effectifs");
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder.create(&dir).map_err(|error| {
        format!(
            "impossible de créer le dossier « {} » pour la base du bac à sable ({error}) : indiquez un fichier avec \
             --db FICHIER.",
            dir.display()
        )
    })?;
    Ok(dir.join("sandbox.sqlite"))
}

/// The warning for an address reachable from other machines, or `None` for this machine only.
pub fn exposure_warning(addr: SocketAddr, what: &str) -> Option<String> {
    if effectifs_sandbox::serving::is_loopback(addr) {
        return None;
    }
    Some(format!(
        "\n!!! ATTENTION : {what} écoute sur {addr}, une adresse joignable depuis d'autres machines du réseau, \
         en HTTP non chiffré.\n!!! Les clés d'échange et les données des apprenants y circuleraient en clair, et \
         n'importe qui sur le réseau pourrait s'en servir.\n!!! Pour un usage sur ce poste, utilisez --listen \
         127.0.0.1:PORT ; pour un service partagé, placez-le derrière un serveur https (voir le README).\n"
    ))
}

/// Prints [`exposure_warning`] on standard error, if any.
pub fn warn_if_exposed(addr: SocketAddr, what: &str) {
    if let Some(warning) = exposure_warning(addr, what) {
        crate::terminal::err(&warning);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_goes_without_a_warning() {
        let cases = [
            ("127.0.0.1:8080", false),
            ("127.0.0.2:8080", false),
            ("[::1]:8080", false),
            ("0.0.0.0:8080", true),
            ("[::]:8080", true),
            ("192.168.1.10:8080", true),
            ("10.0.0.1:8787", true),
        ];
        for (addr, warned) in cases {
            let addr: SocketAddr = addr.parse().expect("an address");
            let warning = exposure_warning(addr, "le bac à sable");
            assert_eq!(warning.is_some(), warned, "{addr}");
            if let Some(warning) = warning {
                assert!(
                    warning.contains("ATTENTION") && warning.contains(&addr.to_string()),
                    "{warning}"
                );
            }
        }
    }
}
