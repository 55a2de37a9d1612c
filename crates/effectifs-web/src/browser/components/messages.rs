//! The page's two message areas: a file that cannot be read (`#erreur-fichier`, an alert) and the notices
//! about the last request (`#message`, a status). Both stay in the page when empty, so that screen readers
//! announce a message as soon as it appears.

use yew::prelude::*;

/// The properties of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The French message of a file that cannot be read.
    pub file_error: Option<String>,
    /// A French notice (a refused request, a cancelled read, a remembered mapping applied…).
    pub notice: Option<String>,
}

/// The message areas.
#[function_component]
pub fn Messages(props: &MessagesProps) -> Html {
    html! {
        <>
            <div id="erreur-fichier" role="alert" class={classes!(props.file_error.is_some().then_some("fr-alert fr-alert--error fr-alert--sm"))}>
                if let Some(message) = &props.file_error {
                    <p>{ message }</p>
                }
            </div>
            <div id="message" role="status" class={classes!(props.notice.is_some().then_some("fr-alert fr-alert--info fr-alert--sm"))}>
                if let Some(message) = &props.notice {
                    <p>{ message }</p>
                }
            </div>
        </>
    }
}

/// The properties of [`ReadWarnings`].
#[derive(Properties, PartialEq)]
pub struct ReadWarningsProps {
    /// What the reader did that the user should know (French sentences).
    pub warnings: Vec<String>,
}

/// What the reader did with the file (lines left out, cells cut…); nothing when it said nothing.
#[function_component]
pub fn ReadWarnings(props: &ReadWarningsProps) -> Html {
    if props.warnings.is_empty() {
        return html! {};
    }
    html! {
        <div class="fr-alert fr-alert--info fr-alert--sm lecture">
            <ul>{ for props.warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
        </div>
    }
}
