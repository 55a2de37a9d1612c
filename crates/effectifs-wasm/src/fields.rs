//! `fields()`: the field table of `effectifs-core`, as plain objects for forms and documentation.

use effectifs_core::{Field, Profile};
use serde::Serialize;

/// One field.
#[derive(Debug, Serialize)]
pub struct FieldInfo {
    /// The contract's name (`nom_apprenant`).
    name: &'static str,
    /// The short French label (`Nom`).
    label: &'static str,
    /// Whether a line without a value is invalid, per profile.
    required: Required,
    /// Left empty, the value is generated from the learner's identity (`id_erp_apprenant`).
    generated: bool,
    /// `texte`, `date`, `booleen`, `entier` or `code`.
    #[serde(rename = "type")]
    value_type: &'static str,
    /// What the field means, in French.
    description: &'static str,
    /// The accepted format, in French.
    format: &'static str,
    /// An example value (may be empty).
    example: &'static str,
    /// The header of the official template (with its `*`/`**` marks), or null.
    template_header: Option<&'static str>,
    /// The other headers recognised for this field (French labels CFAs write).
    synonyms: &'static [&'static str],
}

/// Whether each profile requires the field.
#[derive(Debug, Serialize)]
struct Required {
    televersement: bool,
    api: bool,
}

/// Every field, in the contract's order.
pub fn fields() -> Vec<FieldInfo> {
    Field::ALL
        .iter()
        .map(|&field| {
            let spec = field.spec();
            FieldInfo {
                name: spec.name,
                label: spec.label,
                required: Required {
                    televersement: Profile::Televersement.requires(field),
                    api: Profile::Api.requires(field),
                },
                generated: spec.presence == effectifs_core::field::Presence::Generated,
                value_type: spec.value_type.as_str(),
                description: spec.description,
                format: spec.format,
                example: spec.example,
                template_header: spec.template_header,
                synonyms: spec.synonyms,
            }
        })
        .collect()
}
