//! `fix`: repairs that cannot change what a file means — UTF-16 or UTF-32
//! text re-encoded as UTF-8, a byte order mark, CRLF line endings, blank
//! lines, a missing final newline, a comma after each line's object (an
//! array without its brackets), and a JSON array or pretty-printed JSON that
//! should have been JSON Lines. Nothing else:
//! a record's own bytes are never touched (an array's objects are written
//! compactly, with their keys, values and escapes as they were).
//!
//! Files are rewritten atomically: the result goes to a temporary file next
//! to the original, which then replaces it by a rename, so the original is
//! never left half-rewritten.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::Error;
use crate::reader::{BOM, Stamp};
use crate::sniff::Sniffed;
use crate::transcode::ToUtf8;

/// What one repair did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Repair {
    /// Re-encoded UTF-16 text as UTF-8 (its byte order mark dropped).
    Utf16ToUtf8,
    /// Re-encoded UTF-32 text as UTF-8 (its byte order mark dropped).
    Utf32ToUtf8,
    /// Removed the UTF-8 byte order mark.
    RemoveBom,
    /// Turned `\r\n` line endings into `\n`.
    CrlfToLf,
    /// Removed blank lines.
    RemoveBlankLines,
    /// Added the newline the last line lacked.
    AddFinalNewline,
    /// Removed the comma after a line's object (lines of a JSON array
    /// without its brackets).
    RemoveTrailingCommas,
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
            Repair::Utf16ToUtf8 => "convert the UTF-16 text to UTF-8",
            Repair::Utf32ToUtf8 => "convert the UTF-32 text to UTF-8",
            Repair::RemoveBom => "remove the byte order mark",
            Repair::CrlfToLf => "turn CRLF line endings into LF",
            Repair::RemoveBlankLines => "remove blank lines",
            Repair::AddFinalNewline => "add the missing final newline",
            Repair::RemoveTrailingCommas => "remove the comma after each line's object",
            Repair::ArrayToJsonLines => "rewrite the JSON array as one object per line",
            Repair::PrettyToJsonLines => "rewrite pretty-printed objects as one compact object per line",
        }
    }
}

/// A repair and the input lines it touched (1-based, inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
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
        self.add_counted(repair, line, 1);
    }

    /// Adds a repair of `line` that concerned `count` lines or records.
    fn add_counted(&mut self, repair: Repair, line: u64, count: u64) {
        if let Some(last) = self.0.iter_mut().rev().find(|c| c.repair == repair)
            && last.last_line + 1 == line
        {
            last.last_line = line;
            last.count += count;
            return;
        }
        self.0.push(Change { repair, first_line: line, last_line: line, count });
    }
}

/// Why a file cannot be repaired safely.
fn refuse(path: &Path, why: impl fmt::Display) -> Error {
    Error::NotFixed { path: path.to_path_buf(), reason: why.to_string() }
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
    let first_line = body[start..first_line_end].trim_ascii();
    // A line is complete when it parses, or would without a trailing comma;
    // a complete line that is an array of objects is split by the line repair.
    let complete = crate::parse::parse_json(first_line).is_ok() || without_trailing_comma(first_line).is_some();
    match body.get(start) {
        Some(b'[') if !complete => Layout::Array,
        Some(b'{') if !complete => Layout::Pretty,
        _ => Layout::Lines,
    }
}

/// A line's object without the comma after it, when the line is exactly
/// that: an object (valid JSON) followed by a comma and spaces.
fn without_trailing_comma(line: &[u8]) -> Option<&[u8]> {
    let object = line.trim_ascii_end().strip_suffix(b",")?.trim_ascii_end();
    (object.trim_ascii_start().starts_with(b"{") && crate::parse::parse_json(object).is_ok()).then_some(object)
}

/// The objects of a line that is one JSON array of objects, compactly
/// written one per line, and how many; `None` for any other line.
fn array_of_objects(line: &[u8]) -> Option<(Vec<u8>, u64)> {
    if !line.trim_ascii_start().starts_with(b"[") {
        return None;
    }
    let elements: Vec<&RawValue> = serde_json::from_slice(line).ok()?;
    if elements.is_empty() || !elements.iter().all(|e| e.get().starts_with('{')) {
        return None;
    }
    let mut out = Vec::with_capacity(line.len());
    for element in &elements {
        write_compact(&mut out, element.get()).ok()?;
    }
    Some((out, elements.len() as u64))
}

/// Writes the repaired form of `input` to `out` and lists the changes.
///
/// # Errors
/// [`Error::NotFixed`] when the file holds something a safe repair cannot turn
/// into JSON Lines (compressed or binary data, invalid UTF-16, invalid JSON
/// in an array or pretty-printed file, an array of non-objects);
/// [`Error::Io`] on I/O failures.
pub fn repair(path: &Path, input: impl Read, out: &mut dyn Write) -> Result<Vec<Change>, Error> {
    let mut input = BufReader::with_capacity(1 << 20, input);
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
    match crate::sniff::sniff(head) {
        None => repair_text(path, input, out),
        Some(Sniffed::Encoding { encoding, .. }) => {
            let mut text = BufReader::with_capacity(1 << 20, ToUtf8::new(input, encoding));
            let mut changes = repair_text(path, &mut text, out).map_err(|e| match e {
                Error::Io { source, .. } if source.kind() == io::ErrorKind::InvalidData => refuse(path, source),
                other => other,
            })?;
            let repair = if encoding.unit() == 2 { Repair::Utf16ToUtf8 } else { Repair::Utf32ToUtf8 };
            let lines = text.get_ref().lines().max(1);
            changes.insert(0, Change { repair, first_line: 1, last_line: lines, count: lines });
            Ok(changes)
        }
        Some(other @ Sniffed::Compressed(..)) => Err(refuse(
            path,
            format!(
                "{}; fix rewrites plain text only: decompress it, fix it and compress it again",
                other.message().text
            ),
        )),
        Some(other) => Err(refuse(path, other.message().text)),
    }
}

/// [`repair`] for UTF-8 text, read through one buffer.
fn repair_text(path: &Path, mut input: impl BufRead, out: &mut dyn Write) -> Result<Vec<Change>, Error> {
    let head = input.fill_buf().map_err(|e| Error::io(path, e))?.to_vec();
    let layout = layout(&head);
    if matches!(layout, Layout::Lines) {
        return repair_lines(path, input, out);
    }
    // The JSON readers get the text without its BOM (serde_json reads a
    // byte at a time, so the BOM is dropped here, not in their reader).
    let bom = head.starts_with(BOM);
    if bom {
        input.consume(BOM.len());
    }
    let mut counted = CountingReader { inner: input, newlines: 0, last: b'\n' };
    let (repair, count) = match layout {
        Layout::Array => (Repair::ArrayToJsonLines, repair_array(path, &mut counted, out)?),
        _ => (Repair::PrettyToJsonLines, repair_pretty(path, &mut counted, out)?),
    };
    let mut changes = Vec::new();
    if bom {
        changes.push(Change { repair: Repair::RemoveBom, first_line: 1, last_line: 1, count: 1 });
    }
    changes.push(Change { repair, first_line: 1, last_line: counted.lines(), count });
    Ok(changes)
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
        if let Some((objects, count)) = array_of_objects(content) {
            changes.add_counted(Repair::ArrayToJsonLines, number, count);
            out.write_all(&objects).map_err(io)?;
        } else {
            if let Some(object) = without_trailing_comma(content) {
                changes.add(Repair::RemoveTrailingCommas, number);
                content = object;
            }
            out.write_all(content).map_err(io)?;
            out.write_all(b"\n").map_err(io)?;
        }
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
/// once) and writes each object on its own line. Returns how many.
fn repair_array(path: &Path, input: impl Read, out: &mut dyn Write) -> Result<u64, Error> {
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
    let mut de = serde_json::Deserializer::from_reader(input);
    let count = (&mut de).deserialize_seq(Elements { out, count: 0 }).map_err(|e| refuse(path, e))?;
    de.end().map_err(|e| refuse(path, e))?;
    Ok(count)
}

/// Reads a stream of objects spread over lines and writes each compactly.
/// Returns how many.
fn repair_pretty(path: &Path, input: impl Read, out: &mut dyn Write) -> Result<u64, Error> {
    let mut count = 0;
    for value in serde_json::Deserializer::from_reader(input).into_iter::<Box<RawValue>>() {
        let value = value.map_err(|e| refuse(path, e))?;
        if !value.get().starts_with('{') {
            return Err(refuse(path, format!("value {} is not an object", count + 1)));
        }
        write_compact(out, value.get()).map_err(|e| Error::io(path, e))?;
        count += 1;
    }
    Ok(count)
}

/// Counts newlines, for the JSON readers.
struct CountingReader<R> {
    inner: R,
    newlines: u64,
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
        let n = self.inner.read(buf)?;
        self.newlines += lines_in(&buf[..n]);
        if let Some(&b) = buf[..n].last() {
            self.last = b;
        }
        Ok(n)
    }
}

/// How [`fix_file`] treats a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixOptions {
    /// Report what would change; write nothing.
    pub dry_run: bool,
    /// Fix a file that has other names (hard links) too; only the name given
    /// gets the fixed content, the others keep the old one.
    pub force: bool,
}

impl FixOptions {
    /// With `dry_run` set as given.
    #[must_use]
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// With `force` set as given.
    #[must_use]
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }
}

/// What [`fix_file`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fixed {
    /// The repairs, in file order (empty when the file needed none; then
    /// nothing was written, not even a temporary file).
    pub changes: Vec<Change>,
    /// What the rewritten file could not keep of the original.
    pub not_kept: Vec<NotKept>,
}

/// Something of the original file its rewrite could not keep. A rewrite
/// always keeps the permission bits; extended attributes and ACLs are not
/// copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotKept {
    /// The owner (this user id): the file now belongs to whoever ran `fix`.
    Owner(u32),
    /// The group (this group id): the file now has the user's group.
    Group(u32),
    /// The set-user-ID or set-group-ID bit, dropped because the owner or
    /// group it vouched for could not be kept.
    SetId,
}

impl fmt::Display for NotKept {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotKept::Owner(uid) => write!(f, "its owner (user id {uid}) could not be kept"),
            NotKept::Group(gid) => write!(f, "its group (group id {gid}) could not be kept"),
            NotKept::SetId => f.write_str("its set-user-ID/set-group-ID bits were dropped"),
        }
    }
}

/// Repairs `path` in place, atomically; with [`FixOptions::dry_run`], only
/// reports.
///
/// A symbolic link is followed: the file it points to is fixed and the link
/// stays. Anything but a regular file (a folder, FIFO, device or socket) is
/// refused before it is opened, and so is a file with other names (hard
/// links) unless [`FixOptions::force`]. The fixed content goes to a
/// temporary file beside the original, which keeps the original's
/// permission bits and, where the process may set them, its owner and group
/// (else [`Fixed::not_kept`] says so, and set-user-ID/set-group-ID bits are
/// dropped: a rewrite never grants what the original did not); it then
/// replaces the original by a rename, unless the original changed meanwhile.
///
/// # Errors
/// As [`repair`]; [`Error::NotFixed`] for a file refused as above or one that
/// changed while it was being fixed (its size, modification or status-change
/// time); [`Error::Io`] when the file cannot be read or replaced.
pub fn fix_file(path: &Path, options: FixOptions) -> Result<Fixed, Error> {
    fix_file_with(path, options, || {})
}

/// [`fix_file`], calling `before_replace` just before the check that the
/// original is unchanged (tests change the file there).
pub(crate) fn fix_file_with(path: &Path, options: FixOptions, before_replace: impl FnOnce()) -> Result<Fixed, Error> {
    let io = |e| Error::io(path, e);
    // The file a link points to: it is what gets replaced.
    let real = std::fs::canonicalize(path).map_err(io)?;
    let before = std::fs::metadata(&real).map_err(io)?;
    if !before.is_file() {
        return Err(refuse(path, format!("it is {}, not a regular file", kind(&before))));
    }
    let file = open_unblocking(&real).map_err(io)?;
    let opened = file.metadata().map_err(io)?;
    let mut input = crate::interrupt::Interruptible::new(file);
    if Stamp::of(&opened) != Stamp::of(&before) {
        return Err(refuse(path, "it changed while batchlint opened it"));
    }
    if let Some(names) = other_names(&opened)
        && !options.force
    {
        return Err(refuse(
            path,
            format!(
                "it has {names} other name(s) (hard links), which would keep the old content; \
                 --force fixes this name only"
            ),
        ));
    }
    // A first pass only finds out whether anything needs fixing, so that a
    // clean file costs no temporary file.
    let changes = repair(path, &mut input, &mut io::sink())?;
    if options.dry_run || changes.is_empty() {
        return Ok(Fixed { changes, not_kept: Vec::new() });
    }
    input.seek(SeekFrom::Start(0)).map_err(io)?;
    let dir = real.parent().unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new().prefix(".batchlint-fix-").suffix(".tmp").tempfile_in(dir).map_err(io)?;
    let (file, temp_path) = temp.into_parts();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let changes = repair(path, input, &mut out)?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    let not_kept = keep_attributes(&file, &opened).map_err(io)?;
    file.sync_all().map_err(io)?;
    before_replace();
    let now = std::fs::metadata(&real).map_err(io)?;
    if Stamp::of(&now) != Stamp::of(&opened) {
        return Err(refuse(path, "it changed while batchlint worked on it; run fix again"));
    }
    temp_path.persist(&real).map_err(|e| io(e.error))?;
    Ok(Fixed { changes, not_kept })
}

/// What a file that is not a regular one is, for the refusal.
fn kind(m: &std::fs::Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

/// Opens for reading without blocking on a FIFO that took the checked
/// file's place in between.
fn open_unblocking(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// How many other names (hard links) the file has, if any.
fn other_names(m: &std::fs::Metadata) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (m.nlink() > 1).then(|| m.nlink() - 1)
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

/// Gives the rewritten `file` the original's owner and group where the
/// process may, then its permission bits, less set-user-ID/set-group-ID
/// where the owner/group they vouch for could not be kept.
#[cfg(unix)]
fn keep_attributes(file: &File, original: &std::fs::Metadata) -> io::Result<Vec<NotKept>> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
    let (uid, gid) = (original.uid(), original.gid());
    let created = file.metadata()?;
    if (created.uid(), created.gid()) != (uid, gid) && fchown(file, Some(uid), Some(gid)).is_err() {
        // Not allowed to give the file away: the group alone may be one
        // the user belongs to.
        let _ = fchown(file, None, Some(gid));
    }
    let now = file.metadata()?;
    let (owner_kept, group_kept) = (now.uid() == uid, now.gid() == gid);
    let mut not_kept = Vec::new();
    if !owner_kept {
        not_kept.push(NotKept::Owner(uid));
    }
    if !group_kept {
        not_kept.push(NotKept::Group(gid));
    }
    let (mode, dropped) = kept_mode(original.mode(), owner_kept, group_kept);
    not_kept.extend(dropped);
    file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    Ok(not_kept)
}

/// Keeps the original's permissions (Windows has only the read-only flag).
#[cfg(not(unix))]
fn keep_attributes(file: &File, original: &std::fs::Metadata) -> io::Result<Vec<NotKept>> {
    file.set_permissions(original.permissions())?;
    Ok(Vec::new())
}

/// The permission bits the rewrite gets from the original's `mode`: all of
/// them, but set-user-ID only with the owner kept and set-group-ID only with
/// the group kept; and [`NotKept::SetId`] when a bit was dropped.
#[cfg(unix)]
fn kept_mode(mode: u32, owner_kept: bool, group_kept: bool) -> (u32, Option<NotKept>) {
    const SET_UID: u32 = 0o4000;
    const SET_GID: u32 = 0o2000;
    let mut kept = mode & 0o7777;
    if !owner_kept {
        kept &= !SET_UID;
    }
    if !group_kept {
        kept &= !SET_GID;
    }
    (kept, (kept != mode & 0o7777).then_some(NotKept::SetId))
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
    fn a_byte_order_mark_before_an_array_or_pretty_objects_is_dropped() {
        let (out, changes) = run(b"\xEF\xBB\xBF[{\"a\": 1},\r\n {\"b\": 2}]\r\n");
        assert_eq!(out, "{\"a\":1}\n{\"b\":2}\n");
        let repairs: Vec<(Repair, u64, u64)> = changes.iter().map(|c| (c.repair, c.last_line, c.count)).collect();
        assert_eq!(repairs, [(Repair::RemoveBom, 1, 1), (Repair::ArrayToJsonLines, 2, 2)]);
        let (out, changes) = run(b"\xEF\xBB\xBF{\n  \"a\": 1\n}\n");
        assert_eq!(out, "{\"a\":1}\n");
        assert_eq!(changes[0].repair, Repair::RemoveBom);
    }

    #[test]
    fn a_comma_after_each_object_is_removed_and_nothing_else() {
        let (out, changes) = run(b"{\"a\": \"x,\"},\r\n{\"b\":2} , \n{\"c\":3}\n");
        assert_eq!(out, "{\"a\": \"x,\"}\n{\"b\":2}\n{\"c\":3}\n");
        let repairs: Vec<(Repair, u64, u64)> = changes.iter().map(|c| (c.repair, c.first_line, c.last_line)).collect();
        assert_eq!(repairs, [(Repair::CrlfToLf, 1, 1), (Repair::RemoveTrailingCommas, 1, 2)]);
        // A comma inside the object, or two objects on a line: not this repair.
        let (out, changes) = run(b"{}\n{\"a\":1,}\n{\"a\":1},{\"b\":2}\n");
        assert_eq!(out, "{}\n{\"a\":1,}\n{\"a\":1},{\"b\":2}\n");
        assert!(changes.is_empty());
    }

    #[test]
    fn a_line_that_is_an_array_of_objects_becomes_one_line_per_object() {
        let (out, changes) = run(b"{\"a\":1}\n[{\"b\": 2}, {\"c\":3}]\n[1, 2]\n");
        assert_eq!(out, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n[1, 2]\n");
        assert_eq!(
            changes,
            [Change { repair: Repair::ArrayToJsonLines, first_line: 2, last_line: 2, count: 2 }],
            "an array of scalars is left alone"
        );
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
        let dry = FixOptions::default().dry_run(true);
        assert_eq!(fix_file(&path, dry).unwrap().changes.len(), 1);
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}\r\n", "a dry run writes nothing");
        assert_eq!(fix_file(&path, FixOptions::default()).unwrap().changes.len(), 1);
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"a\":1}\n");
        assert!(fix_file(&path, FixOptions::default()).unwrap().changes.is_empty());
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporaries left");
    }

    /// Whether a file this process creates is root's: the owner tests need
    /// to give files away.
    #[cfg(unix)]
    fn running_as_root(dir: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let probe = dir.join("probe");
        std::fs::write(&probe, "").unwrap();
        let root = std::fs::metadata(&probe).unwrap().uid() == 0;
        std::fs::remove_file(probe).unwrap();
        root
    }

    #[cfg(unix)]
    fn modified_ns(path: &Path) -> (i64, i64) {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).unwrap();
        (m.mtime(), m.mtime_nsec())
    }

    #[cfg(unix)]
    #[test]
    fn a_clean_file_costs_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"a\":1}\n").unwrap();
        let before = modified_ns(dir.path());
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(fix_file(&path, FixOptions::default()).unwrap().changes.is_empty());
        assert_eq!(modified_ns(dir.path()), before, "the folder was written to");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_s_target_is_fixed_and_the_link_stays() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        let target = dir.path().join("data/real.jsonl");
        std::fs::write(&target, "{\"a\":1}\r\n").unwrap();
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink("data/real.jsonl", &link).unwrap();
        assert_eq!(fix_file(&link, FixOptions::default()).unwrap().changes.len(), 1);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"{\"a\":1}\n");
        assert_eq!(std::fs::read_dir(dir.path().join("data")).unwrap().count(), 1, "no temporaries left");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_before_opening() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.jsonl");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        // Opening a FIFO for reading with no writer would block forever.
        let err = fix_file(&fifo, FixOptions::default()).unwrap_err().to_string();
        assert!(err.ends_with("not fixed: it is a FIFO, not a regular file"), "{err}");
        let err = fix_file(dir.path(), FixOptions::default()).unwrap_err().to_string();
        assert!(err.ends_with("not fixed: it is a folder, not a regular file"), "{err}");
        let err = fix_file(Path::new("/dev/null"), FixOptions::default()).unwrap_err().to_string();
        assert!(err.ends_with("not fixed: it is a device, not a regular file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_needs_force_and_then_only_its_name_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        std::fs::write(&a, "{\"a\":1}\r\n").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        let err = fix_file(&a, FixOptions::default()).unwrap_err().to_string();
        assert!(err.contains("it has 1 other name(s) (hard links)"), "{err}");
        assert_eq!(std::fs::read(&a).unwrap(), b"{\"a\":1}\r\n");
        // A dry run refuses too: it says what the real run would do.
        assert!(fix_file(&a, FixOptions::default().dry_run(true)).is_err());
        assert_eq!(fix_file(&a, FixOptions::default().force(true)).unwrap().changes.len(), 1);
        assert_eq!(std::fs::read(&a).unwrap(), b"{\"a\":1}\n");
        assert_eq!(std::fs::read(&b).unwrap(), b"{\"a\":1}\r\n", "the other name keeps the old content");
    }

    /// Unix: elsewhere only the size and modification time are compared, and
    /// a same-size rewrite within the clock's tick would go unseen.
    #[cfg(unix)]
    #[test]
    fn a_file_changed_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"a\":1}\r\n").unwrap();
        // The same size, other bytes: caught by the status-change time.
        let edit = || std::fs::write(&path, "{\"b\":2}\r\n").unwrap();
        let err = fix_file_with(&path, FixOptions::default(), edit).unwrap_err().to_string();
        assert!(err.ends_with("not fixed: it changed while batchlint worked on it; run fix again"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"b\":2}\r\n", "the edit survives");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporaries left");
    }

    #[cfg(unix)]
    #[test]
    fn set_id_bits_go_only_with_the_owner_and_group_they_vouch_for() {
        assert_eq!(kept_mode(0o104_755, true, true), (0o4755, None));
        assert_eq!(kept_mode(0o100_644, false, false), (0o644, None));
        assert_eq!(kept_mode(0o106_755, false, true), (0o2755, Some(NotKept::SetId)));
        assert_eq!(kept_mode(0o106_755, true, false), (0o4755, Some(NotKept::SetId)));
        assert_eq!(kept_mode(0o106_755, false, false), (0o755, Some(NotKept::SetId)));
    }

    #[cfg(unix)]
    #[test]
    #[allow(clippy::print_stderr, reason = "says why the test is skipped")]
    fn the_owner_group_and_mode_are_kept_when_root_fixes_a_user_s_file() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
        let dir = tempfile::tempdir().unwrap();
        if !running_as_root(dir.path()) {
            eprintln!("skipped: giving a file to another user needs root");
            return;
        }
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"a\":1}\r\n").unwrap();
        chown(&path, Some(65534), Some(65534)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o6750)).unwrap();
        let fixed = fix_file(&path, FixOptions::default()).unwrap();
        assert_eq!((fixed.changes.len(), fixed.not_kept.as_slice()), (1, &[][..]));
        let m = std::fs::metadata(&path).unwrap();
        assert_eq!((m.uid(), m.gid(), m.mode() & 0o7777), (65534, 65534, 0o6750));
    }
}
