//! (in progress: the field table)
/// A contract field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// placeholder
    NomApprenant,
}
