//! The page's parts, each a Yew component with its properties and callbacks of actions: none of them holds
//! the page's state or knows the page component. They render what their properties say and hand every user
//! event to their parent as an [`Action`] (`on_action`) or a narrower callback (a file, a key); the page
//! (`browser::app`) applies it to the state.
//!
//! The page's order, top to bottom: [`drop_zone`], [`messages`], [`progress`] (reading, sheet choice),
//! then for an open file [`mapping`] (with [`values`], the values for every line), [`recipe`], [`summary`],
//! [`indicators`], [`downloads`], [`send`], [`table`] (with its tools, its [`rows`], and the [`dialogs`] its headers open).
//! A new panel is a new module here, given its slice of the state by the page.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;

pub mod dialogs;
pub mod downloads;
pub mod drop_zone;
pub mod indicators;
pub mod mapping;
pub mod messages;
pub mod progress;
pub mod recipe;
pub mod rows;
pub mod send;
pub mod summary;
pub mod table;
pub mod values;

/// Hands an action to the page.
pub type OnAction = Callback<Action>;

/// A callback of events that hands the page the action `choose` finds for an event, if any.
pub fn maybe<E: 'static>(on_action: &OnAction, choose: impl Fn(E) -> Option<Action> + 'static) -> Callback<E> {
    let on_action = on_action.clone();
    Callback::from(move |event: E| {
        if let Some(action) = choose(event) {
            on_action.emit(action);
        }
    })
}

/// Whether a checkbox's change event left it checked.
pub fn checked(event: &Event) -> bool {
    event.target_unchecked_into::<HtmlInputElement>().checked()
}
