//! Diagnostics about the file as a whole, decided from its name or its
//! first block: the extension, what it is when it is not JSON Lines, a BOM.

use std::path::Path;

use serde_json::Value;

use super::Linter;
use crate::codes::{batch, framing};
use crate::diagnostic::{Diagnostic, LineRef, Span, snippet};
use crate::input::Compression;
use crate::reader::{BOM, Block, RawLine};
use crate::text::count;

/// The one diagnostic for a file that is not UTF-8 text.
pub(super) fn sniffed_diagnostic(found: crate::sniff::Sniffed, head: &[u8]) -> Diagnostic {
    // The first bytes in hexadecimal, the four the span covers highlighted.
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(" ");
    let covered = head.len().min(4);
    let shown = head.len().min(12);
    let text = format!(
        "<{}{}{}>",
        hex(&head[..covered]),
        if shown > covered { " " } else { "" },
        hex(&head[covered..shown]) + if head.len() > shown { " …" } else { "" }
    );
    let highlight = 1..1 + hex(&head[..covered]).len();
    let mut d = Diagnostic::placed(found.message(), 1, Span { start: 0, end: covered as u64 });
    d.snippet = Some(crate::diagnostic::Snippet { text, highlight });
    d
}

pub(super) fn bom_diagnostic(block: &Block) -> Diagnostic {
    let first = block.lines.first().map_or(&[][..], |l| &block.data[l.content.clone()]);
    let mut s = snippet(first, 0..0);
    s.text.insert_str(0, "<BOM>");
    s.highlight = 0.."<BOM>".len();
    let mut d = Diagnostic::placed(framing::bom(), 1, Span { start: 0, end: BOM.len() as u64 });
    d.snippet = Some(s);
    d
}

/// Detects a file that is one JSON document over several lines (a JSON array
/// or pretty-printed objects), or one JSON array of objects on its only line
/// (`whole`: the block is the whole file): one clear diagnostic instead of
/// one per line, or a misleading "1 record".
pub(super) fn not_json_lines(block: &Block, whole: bool) -> Option<Diagnostic> {
    let non_blank =
        |l: &&RawLine| l.overlong.is_none() && block.data[l.content.clone()].iter().any(|b| !b.is_ascii_whitespace());
    let mut records = block.lines.iter().filter(non_blank);
    let first = records.next()?;
    let text = &block.data[first.content.clone()];
    let trimmed = text.trim_ascii();
    let opener = *trimmed.first()?;
    if !matches!(opener, b'{' | b'[') {
        return None;
    }
    let what = match crate::parse::parse_json(text) {
        Ok(parsed) => {
            let objects = parsed.value.as_array().filter(|a| !a.is_empty() && a.iter().all(Value::is_object))?;
            if !whole || records.next().is_some() {
                return None;
            }
            format!("one JSON array of {} on a single line", count(objects.len() as u64, "object", "objects"))
        }
        Err(e) if e.message.starts_with("EOF") => {
            // One document over several lines only if the text really parses
            // as JSON values: to the end of the file, or, when the file goes
            // on past this block, to the block's end (a value may be cut
            // there). Lines that only start like a document and then break
            // each in their own way are reported one by one.
            let mut stream = serde_json::Deserializer::from_slice(&block.data[first.content.start..])
                .into_iter::<serde::de::IgnoredAny>();
            loop {
                match stream.next() {
                    None => break,
                    Some(Ok(_)) => {}
                    Some(Err(e)) if e.is_eof() && !whole => break,
                    Some(Err(_)) => return None,
                }
            }
            if opener == b'[' {
                "a JSON array spread over several lines".to_owned()
            } else {
                "pretty-printed JSON: an object spreads over several lines".to_owned()
            }
        }
        Err(_) => return None,
    };
    let line = LineRef::new(first.number, first.start, text);
    let at = text.len() - text.trim_ascii_start().len();
    Some(line.report(at..at + 1, framing::not_json_lines(&what, opener == b'[')))
}

impl Linter {
    /// `BL407`: a file name without the extension the API requires (a
    /// compressed file's name without its `.gz`).
    pub(super) fn file_name_diagnostic(&self, path: &Path, compression: Option<Compression>) -> Option<Diagnostic> {
        let wanted = self.profile.file_extension.as_deref()?;
        let name = path.file_name()?.to_string_lossy();
        let plain = if compression.is_some() { name.strip_suffix(".gz").unwrap_or(&name) } else { &name };
        let plain = Path::new(plain);
        if plain.extension().is_some_and(|e| e == wanted) {
            return None;
        }
        let stem = plain.file_stem().map_or("batch".into(), |s| s.to_string_lossy());
        let message = batch::file_name(&name, &self.profile.name, wanted, &stem);
        Some(Diagnostic::placed(message, 1, Span::default()))
    }
}
