//! The web app's Web Worker: reads and validates files off the page's thread. Built by Trunk
//! (`data-type="worker"`), started by the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    effectifs_web::browser::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Ce programme s'exécute dans le navigateur : construisez le site avec `trunk build --release`.");
}
