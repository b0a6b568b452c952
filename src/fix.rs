//! `fix`: repairs that cannot change what a file means — a byte order mark,
//! CRLF line endings, blank lines, a missing final newline, and a JSON array
//! or pretty-printed JSON that should have been JSON Lines. Nothing else:
//! a record's own bytes are never touched (an array's objects are written
//! compactly, with their keys, values and escapes as they were).
//!
//! Files are rewritten atomically: the result goes to a temporary file next
//! to the original, which then replaces it by a rename, so the original is
//! never left half-rewritten.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::Error;
use crate::reader::BOM;

/// What one repair did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Repair {
    /// Removed the UTF-8 byte order mark.
    RemoveBom,
    /// Turned `\r\n` line endings into `\n`.
    CrlfToLf,
    /// Removed blank lines.
    RemoveBlankLines,
    /// Added the newline the last line lacked.
    AddFinalNewline,
    /// Rewrote a JSON array of objects as one object per line.
    ArrayToJsonLines,
    /// Rewrote pretty-printed objects as one compact object per line.
    PrettyToJsonLines,
}

impl Repair {
    /// What the repair does, as a verb phrase: "remove the byte order mark".
    #[must_use]
    pub fn action(self) -> &'static str {
        match self {
            Repair::RemoveBom => "remove the byte order mark",
            Repair::CrlfToLf => "turn CRLF line endings into LF",
            Repair::RemoveBlankLines => "remove blank lines",
            Repair::AddFinalNewline => "add the missing final newline",
            Repair::ArrayToJsonLines => "rewrite the JSON array as one object per line",
            Repair::PrettyToJsonLines => "rewrite pretty-printed objects as one compact object per line",
        }
    }
}

/// A repair and the input lines it touched (1-based, inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// What was done.
    pub repair: Repair,
    /// First input line concerned.
    pub first_line: u64,
    /// Last input line concerned.
    pub last_line: u64,
    /// How many lines (or, for a rewrite, records) it concerned.
    pub count: u64,
}

/// Collects changes, merging runs of the same repair on consecutive lines.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn add(&mut self, repair: Repair, line: u64) {
        if let Some(last) = self.0.iter_mut().rev().find(|c| c.repair == repair)
            && last.last_line + 1 == line
        {
            last.last_line = line;
            last.count += 1;
            return;
        }
        self.0.push(Change { repair, first_line: line, last_line: line, count: 1 });
    }
}

/// Why a file cannot be repaired safely.
fn refuse(path: &Path, why: impl fmt::Display) -> Error {
    Error::Usage(format!("{}: not fixed: {why}", path.display()))
}

/// Copies insignificant-whitespace-free JSON: drops whitespace outside strings.
fn write_compact(out: &mut dyn Write, json: &str) -> io::Result<()> {
    let bytes = json.as_bytes();
    let mut in_string = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            out.write_all(&bytes[start..i])?;
            start = i + 1;
        }
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\n")
}

/// How the file is laid out, judged from its start.
enum Layout {
    Lines,
    Array,
    Pretty,
}

fn layout(head: &[u8]) -> Layout {
    let body = head.strip_prefix(BOM).unwrap_or(head);
    let start = body.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(body.len());
    let first_line_end = body[start..].iter().position(|&b| b == b'\n').map_or(body.len(), |i| start + i);
    let first_line = &body[start..first_line_end];
    let complete = crate::parse::parse_json(first_line.trim_ascii()).is_ok();
    match body.get(start) {
        Some(b'[') if !complete || first_line.trim_ascii().starts_with(b"[{") => Layout::Array,
        Some(b'{') if !complete => Layout::Pretty,
        _ => Layout::Lines,
    }
}

/// Writes the repaired form of `input` to `out` and lists the changes.
///
/// # Errors
/// [`Error::Usage`] when the file holds something a safe repair cannot turn
/// into JSON Lines (invalid JSON in an array or pretty-printed file, an array
/// of non-objects); [`Error::Io`] on I/O failures.
pub fn repair(path: &Path, input: impl Read, out: &mut dyn Write) -> Result<Vec<Change>, Error> {
    let mut input = BufReader::with_capacity(1 << 20, input);
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?.to_vec();
    match layout(&head) {
        Layout::Lines => repair_lines(path, input, out),
        Layout::Array => repair_array(path, input, out),
        Layout::Pretty => repair_pretty(path, input, out),
    }
}

fn repair_lines(path: &Path, mut input: impl BufRead, out: &mut dyn Write) -> Result<Vec<Change>, Error> {
    let io = |e| Error::io(path, e);
    let mut changes = Changes::default();
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(io)? == 0 {
            break;
        }
        number += 1;
        let mut content = line.as_slice();
        if number == 1 && content.starts_with(BOM) {
            content = &content[BOM.len()..];
            changes.add(Repair::RemoveBom, 1);
        }
        let had_newline = content.ends_with(b"\n");
        if had_newline {
            content = &content[..content.len() - 1];
        }
        if content.ends_with(b"\r") {
            content = &content[..content.len() - 1];
            if had_newline {
                changes.add(Repair::CrlfToLf, number);
            }
        }
        if content.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0c')) {
            changes.add(Repair::RemoveBlankLines, number);
            continue;
        }
        out.write_all(content).map_err(io)?;
        out.write_all(b"\n").map_err(io)?;
        if !had_newline {
            changes.add(Repair::AddFinalNewline, number);
        }
    }
    Ok(changes.0)
}

/// Lines spanned by `text` starting at `line`.
fn lines_in(text: &[u8]) -> u64 {
    text.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads the whole array element by element (never the whole array at
/// once) and writes each object on its own line.
fn repair_array(path: &Path, input: impl Read, out: &mut dyn Write) -> Result<Vec<Change>, Error> {
    struct Elements<'a> {
        out: &'a mut dyn Write,
        count: u64,
    }
    impl<'de> Visitor<'de> for Elements<'_> {
        type Value = u64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON array of objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<u64, A::Error> {
            while let Some(element) = seq.next_element::<Box<RawValue>>()? {
                let text = element.get();
                if !text.starts_with('{') {
                    return Err(serde::de::Error::custom(format!("element {} is not an object", self.count + 1)));
                }
                write_compact(self.out, text).map_err(serde::de::Error::custom)?;
                self.count += 1;
            }
            Ok(self.count)
        }
    }
    let mut counted = CountingReader { inner: input, newlines: 0, bom: false, first: true, last: b'\n' };
    let mut de = serde_json::Deserializer::from_reader(&mut counted);
    let count = (&mut de).deserialize_seq(Elements { out, count: 0 }).map_err(|e| refuse(path, e))?;
    de.end().map_err(|e| refuse(path, e))?;
    let mut changes = Vec::new();
    if counted.bom {
        changes.push(Change { repair: Repair::RemoveBom, first_line: 1, last_line: 1, count: 1 });
    }
    changes.push(Change { repair: Repair::ArrayToJsonLines, first_line: 1, last_line: counted.lines(), count });
    Ok(changes)
}

/// Reads a stream of objects spread over lines and writes each compactly.
fn repair_pretty(path: &Path, input: impl Read, out: &mut dyn Write) -> Result<Vec<Change>, Error> {
    let mut counted = CountingReader { inner: input, newlines: 0, bom: false, first: true, last: b'\n' };
    let mut count = 0;
    for value in serde_json::Deserializer::from_reader(&mut counted).into_iter::<Box<RawValue>>() {
        let value = value.map_err(|e| refuse(path, e))?;
        if !value.get().starts_with('{') {
            return Err(refuse(path, format!("value {} is not an object", count + 1)));
        }
        write_compact(out, value.get()).map_err(|e| Error::io(path, e))?;
        count += 1;
    }
    let mut changes = Vec::new();
    if counted.bom {
        changes.push(Change { repair: Repair::RemoveBom, first_line: 1, last_line: 1, count: 1 });
    }
    changes.push(Change { repair: Repair::PrettyToJsonLines, first_line: 1, last_line: counted.lines(), count });
    Ok(changes)
}

/// Counts newlines and drops a leading BOM, for the JSON readers.
struct CountingReader<R> {
    inner: R,
    newlines: u64,
    bom: bool,
    first: bool,
    /// The last byte read.
    last: u8,
}

impl<R> CountingReader<R> {
    /// The number of lines read.
    fn lines(&self) -> u64 {
        self.newlines + u64::from(self.last != b'\n')
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = self.inner.read(buf)?;
        if std::mem::take(&mut self.first) && buf[..n].starts_with(BOM) {
            self.bom = true;
            buf.copy_within(BOM.len()..n, 0);
            n -= BOM.len();
        }
        self.newlines += lines_in(&buf[..n]);
        if let Some(&b) = buf[..n].last() {
            self.last = b;
        }
        Ok(n)
    }
}

/// Repairs `path` in place, atomically; with `dry_run`, only reports.
/// Returns the changes (empty when the file needed none, and then the file
/// is not rewritten at all).
///
/// # Errors
/// As [`repair`], plus [`Error::Io`] when the file cannot be replaced.
pub fn fix_file(path: &Path, dry_run: bool) -> Result<Vec<Change>, Error> {
    let io = |e| Error::io(path, e);
    let input = File::open(path).map_err(io)?;
    let metadata = input.metadata().map_err(io)?;
    if !metadata.is_file() {
        return Err(Error::Usage(format!("{}: not a regular file", path.display())));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if dry_run {
        return repair(path, input, &mut io::sink());
    }
    let temp = tempfile::Builder::new().prefix(".batchlint-fix-").suffix(".tmp").tempfile_in(dir).map_err(io)?;
    let (file, temp_path) = temp.into_parts();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let changes = repair(path, input, &mut out)?;
    if changes.is_empty() {
        return Ok(changes);
    }
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.set_permissions(metadata.permissions()).map_err(io)?;
    file.sync_all().map_err(io)?;
    temp_path.persist(path).map_err(|e| io(e.error))?;
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> (String, Vec<Change>) {
        let mut out = Vec::new();
        let changes = repair(Path::new("t.jsonl"), input, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), changes)
    }

    #[test]
    fn line_repairs_keep_records_byte_identical() {
        let (out, changes) = run(b"\xEF\xBB\xBF{\"a\" : 1}\r\n\r\n  \n{\"b\":\"\\u00e9\"}");
        assert_eq!(out, "{\"a\" : 1}\n{\"b\":\"\\u00e9\"}\n");
        let repairs: Vec<(Repair, u64, u64)> = changes.iter().map(|c| (c.repair, c.first_line, c.last_line)).collect();
        assert_eq!(
            repairs,
            [
                (Repair::RemoveBom, 1, 1),
                (Repair::CrlfToLf, 1, 2),
                (Repair::RemoveBlankLines, 2, 3),
                (Repair::AddFinalNewline, 4, 4)
            ]
        );
    }

    #[test]
    fn a_clean_file_needs_nothing() {
        let (out, changes) = run(b"{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(out, "{\"a\":1}\n{\"b\":2}\n");
        assert!(changes.is_empty());
    }

    #[test]
    fn arrays_become_json_lines_with_keys_in_order() {
        let (out, changes) = run(b"[\n  {\"z\": 1, \"a\": \"x y\\\" \"},\n  {\"b\": [1, 2]}\n]\n");
        assert_eq!(out, "{\"z\":1,\"a\":\"x y\\\" \"}\n{\"b\":[1,2]}\n");
        assert_eq!((changes[0].repair, changes[0].count, changes[0].last_line), (Repair::ArrayToJsonLines, 2, 4));
        let (out, _) = run(b"[{\"a\":1},{\"a\":2}]");
        assert_eq!(out, "{\"a\":1}\n{\"a\":2}\n");
    }

    #[test]
    fn pretty_objects_become_json_lines() {
        let (out, changes) = run(b"{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n");
        assert_eq!(out, "{\"a\":1}\n{\"b\":2}\n");
        assert_eq!(changes[0].repair, Repair::PrettyToJsonLines);
    }

    #[test]
    fn unsafe_inputs_are_refused() {
        let mut out = Vec::new();
        assert!(repair(Path::new("t"), &b"[\n1,\n2\n]"[..], &mut out).is_err());
        // A one-line array of scalars is a line like any other: nothing to fix.
        assert!(repair(Path::new("t"), &b"[1, 2]\n"[..], &mut out).unwrap().is_empty());
        assert!(repair(Path::new("t"), &b"[{\"a\":1},"[..], &mut out).is_err());
        assert!(repair(Path::new("t"), &b"{\n\"a\": 1,\n}"[..], &mut out).is_err());
    }

    #[test]
    fn files_are_replaced_atomically_and_only_when_needed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"a\":1}\r\n").unwrap();
        assert_eq!(fix_file(&path, true).unwrap().len(), 1);
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}\r\n", "a dry run writes nothing");
        assert_eq!(fix_file(&path, false).unwrap().len(), 1);
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}\n");
        assert!(fix_file(&path, false).unwrap().is_empty());
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporaries left");
    }
}
