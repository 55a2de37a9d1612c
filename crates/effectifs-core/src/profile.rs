//! The two validation profiles (D1).

use std::sync::OnceLock;

use crate::field::{Field, FieldSet, Presence};

/// Which contract the file is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The upload page's contract: the API's plus five fields required for SIFA (default).
    #[default]
    Televersement,
    /// Exactly the API's input contract, for ERPs.
    Api,
}

impl Profile {
    /// The stable name (`televersement`, `api`).
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Televersement => "televersement",
            Profile::Api => "api",
        }
    }

    /// The profile of this name.
    pub fn from_name(name: &str) -> Option<Profile> {
        match name {
            "televersement" => Some(Profile::Televersement),
            "api" => Some(Profile::Api),
            _ => None,
        }
    }

    /// The fields [`Profile::requires`], computed once.
    pub(crate) fn required_fields(self) -> FieldSet {
        static SETS: [OnceLock<FieldSet>; 2] = [OnceLock::new(), OnceLock::new()];
        *SETS[self as usize].get_or_init(|| {
            Field::ALL
                .iter()
                .copied()
                .filter(|field| self.requires(*field))
                .collect()
        })
    }

    /// Whether a line without a value for `field` is invalid. The generated identifier is never
    /// missing.
    pub fn requires(self, field: Field) -> bool {
        match field.spec().presence {
            Presence::Required => true,
            Presence::RequiredForUpload => self == Profile::Televersement,
            Presence::Optional | Presence::Generated => false,
        }
    }
}
