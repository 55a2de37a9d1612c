//! Text for a terminal: every human output of the command goes through [`clean`], so that what a
//! file's cells or a server's messages contain can never drive the terminal (an `ESC[2J` in a cell
//! would clear the screen, a carriage return would overwrite a line, a bidirectional override would
//! reorder what is shown).

use std::borrow::Cow;
use std::io::Write as _;

/// `text` with every control character shown as an escape (`\x1b`, `\u{202e}`) instead of acting:
/// C0 controls but line feed and tab, DEL, C1 controls and the bidirectional formatting characters.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if is_unsafe(character) {
            let code = u32::from(character);
            if code < 0x100 {
                out.push_str(&format!("\\x{code:02x}"));
            } else {
                out.push_str(&format!("\\u{{{code:x}}}"));
            }
        } else {
            out.push(character);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(character: char) -> bool {
    match character {
        '\n' | '\t' => false,
        // C0, DEL and C1 controls; then the bidirectional marks, embeddings, overrides and isolates.
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Writes `text`, cleaned, on standard output. A closed pipe (`| head`) is the reader's choice, not an error.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(clean(text).as_bytes()).and_then(|()| stdout.flush());
}

/// Writes `text` and a line feed, cleaned, on standard error.
pub fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", clean(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        let cases = [
            ("Dupré\tÉlise\n", "Dupré\tÉlise\n"),
            ("\u{1b}[2JNOM", "\\x1b[2JNOM"),
            ("a\rb", "a\\x0db"),
            ("cloche\u{7}", "cloche\\x07"),
            ("\u{7f}", "\\x7f"),
            ("\u{9b}31m", "\\x9b31m"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
            ("« 32/13/2020 »", "« 32/13/2020 »"),
        ];
        for (text, expected) in cases {
            assert_eq!(clean(text), expected, "{text:?}");
        }
        assert!(matches!(clean("rien à changer"), Cow::Borrowed(_)));
    }
}
