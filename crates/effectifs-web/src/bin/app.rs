//! The page of the web app (Yew). Built for the browser by Trunk (`index.html` at the repository root).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<effectifs_web::browser::app::App>::with_root(
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("application"))
            .expect("index.html has the #application element"),
    )
    .render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Ce programme s'exécute dans le navigateur : construisez le site avec `trunk build --release`.");
}
