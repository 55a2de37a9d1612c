//! (in progress: the upload template)
/// The template.
pub fn template() -> Vec<u8> {
    Vec::new()
}
