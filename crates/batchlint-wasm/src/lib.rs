//! The WebAssembly build of batchlint, behind the browser playground
//! (`web/`): a thin layer over the library, as the Python package is. A
//! check is [`batchlint::Linter`]'s, a split [`batchlint::split::memory`]'s;
//! this crate only moves bytes in from JavaScript and JSON out to it, and
//! packs a split's files into a zip.
//!
//! It builds for `wasm32-unknown-unknown` (with the library's `parallel`
//! feature off: no threads there) and, for the workspace's clippy and tests,
//! for the host, where everything but the JavaScript callbacks is plain Rust.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::path::Path;

use batchlint::split::memory::{self, Split};
use batchlint::split::run::Refusal;
use batchlint::wire::WireDiagnostic;
use batchlint::{BUILTINS, Diagnostic, Linter, Profile, Summary, Totals};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A built-in profile, as the page's picker lists it.
#[derive(Serialize)]
struct ProfileInfo {
    name: &'static str,
    title: &'static str,
}

/// The built-in profiles, as a JSON array of `{name, title}`.
#[wasm_bindgen]
#[must_use]
pub fn profiles() -> String {
    let all: Vec<ProfileInfo> = BUILTINS.iter().map(|b| ProfileInfo { name: b.name, title: b.title }).collect();
    serde_json::to_string(&all).unwrap_or_default()
}

/// The library's version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Diagnostics as the page gets them: the fields of `check --format json`
/// and the window of the line that the human format shows, cut around the
/// marked span ([`WireDiagnostic::with_snippet`]).
fn wire<S: serde::Serializer>(diagnostics: &[Diagnostic], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(diagnostics.iter().map(|d| WireDiagnostic::new(d).with_snippet()))
}

/// The summary line of one checked file, as the command line's text formats
/// end: `Checked 1 file (20 records, 6,455 bytes): 6 errors, 1 warning`.
#[must_use]
pub fn summary_line(s: &Summary) -> String {
    let mut totals = Totals::default();
    totals.add(s);
    totals.summary_line()
}

/// The diagnostics a check or a split found, as the page shows them: the
/// first `max_shown` in full, the others only counted.
#[derive(Default, Serialize)]
struct Shown {
    #[serde(serialize_with = "wire")]
    diagnostics: Vec<Diagnostic>,
    /// Diagnostics beyond `max_shown`.
    hidden: u64,
    #[serde(skip)]
    max_shown: u64,
    /// Diagnostics not yet handed to JavaScript (a streaming check).
    #[serde(skip)]
    pending: usize,
}

impl Shown {
    fn new(max_shown: u32) -> Self {
        Shown { max_shown: u64::from(max_shown), ..Shown::default() }
    }

    fn add(&mut self, d: Diagnostic) {
        if (self.diagnostics.len() as u64) < self.max_shown {
            self.diagnostics.push(d);
        } else {
            self.hidden += 1;
        }
    }
}

/// What a check returns to JavaScript at its end.
#[derive(Serialize)]
struct CheckResult<'a> {
    summary: &'a Summary,
    summary_line: String,
    hidden: u64,
}

/// A profile by name, as an error JavaScript can show.
fn profile(name: &str) -> Result<Profile, String> {
    Profile::by_name(name).map_err(|e| e.to_string())
}

/// The JavaScript side of the check running on this thread. JavaScript
/// values cannot cross threads, which the library's readers may (its
/// `Read + Send` bound), so the reader it gets ([`Blocks`]) holds none and
/// finds them here.
struct Session {
    read: js_sys::Function,
    emit: js_sys::Function,
    shown: Shown,
}

impl Session {
    /// Hands the diagnostics found since the last call to `emit`.
    fn flush(&mut self) {
        if self.shown.pending == 0 {
            return;
        }
        let from = self.shown.diagnostics.len() - self.shown.pending;
        self.shown.pending = 0;
        let mut batch = Vec::new();
        let _ = wire(&self.shown.diagnostics[from..], &mut serde_json::Serializer::new(&mut batch));
        let batch = String::from_utf8(batch).unwrap_or_default();
        let _ = self.emit.call1(&JsValue::NULL, &JsValue::from_str(&batch));
    }
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// A reader over the blocks the [`Session`]'s `read` returns.
#[derive(Default)]
struct Blocks {
    block: Vec<u8>,
    at: usize,
}

impl Read for Blocks {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.block.len() {
            self.block = SESSION.with(|session| {
                let mut session = session.borrow_mut();
                let session = session.as_mut().ok_or_else(|| io::Error::other("no check is running"))?;
                // What was found so far is shown before the next block is read.
                session.flush();
                let block = session.read.call0(&JsValue::NULL).map_err(|e| io::Error::other(js_message(&e)))?;
                Ok::<_, io::Error>(js_sys::Uint8Array::new(&block).to_vec())
            })?;
            self.at = 0;
        }
        let n = (self.block.len() - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.block[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The message of a JavaScript exception.
fn js_message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Checks what `read` yields with the built-in profile `profile_name`, the
/// content of a file named `file_name` (empty for pasted text, which has no
/// name for the profile to rule on): the library's check, streaming, so
/// memory stays bounded whatever the file's size.
///
/// `read()` returns the next block as a `Uint8Array`, empty at the end (in
/// a Web Worker, `FileReaderSync` over `file.slice(...)`). `emit(json)` gets,
/// before each block is read and at the end, a JSON array of the
/// diagnostics found since its last call, each a [`WireDiagnostic`]; only the
/// first `max_shown` are handed over, the others counted. Returns JSON
/// `{summary, summary_line, hidden}`.
///
/// # Errors
/// An unknown profile, or a read that failed (the message says why).
#[wasm_bindgen]
pub fn check(
    profile_name: &str,
    file_name: &str,
    max_shown: u32,
    read: js_sys::Function,
    emit: js_sys::Function,
) -> Result<String, JsError> {
    let linter = Linter::new(profile(profile_name).map_err(|e| JsError::new(&e))?);
    SESSION.with(|s| *s.borrow_mut() = Some(Session { read, emit, shown: Shown::new(max_shown) }));
    let sink = |d: Diagnostic| {
        SESSION.with(|s| {
            if let Some(session) = s.borrow_mut().as_mut() {
                let before = session.shown.diagnostics.len();
                session.shown.add(d);
                session.shown.pending += session.shown.diagnostics.len() - before;
            }
        });
    };
    let checked = check_blocks(&linter, file_name, Blocks::default(), sink);
    let session = SESSION.with(|s| s.borrow_mut().take());
    let summary = checked.map_err(|e| JsError::new(&e.to_string()))?;
    let mut session = session.ok_or_else(|| JsError::new("the check's session was lost"))?;
    session.flush();
    let result = CheckResult { summary: &summary, summary_line: summary_line(&summary), hidden: session.shown.hidden };
    Ok(serde_json::to_string(&result).unwrap_or_default())
}

/// The library's check of `input`, named `file_name` unless it is empty.
fn check_blocks<R: Read + Send>(
    linter: &Linter,
    file_name: &str,
    input: R,
    sink: impl FnMut(Diagnostic),
) -> io::Result<Summary> {
    if file_name.is_empty() {
        linter.check_reader(input, sink)
    } else {
        linter.check_file_reader_with_statistics(input, Path::new(file_name), sink).map(|(summary, _)| summary)
    }
}

/// A chunk of a split, as the page lists it.
#[derive(Debug, PartialEq, Serialize)]
struct WireChunk {
    file: String,
    records: u64,
    bytes: u64,
    first_line: u64,
    last_line: u64,
}

/// What a split returns to JavaScript: a JSON report and, unless the split
/// was refused, the zip of its files.
#[wasm_bindgen]
pub struct SplitOutput {
    json: String,
    zip: Vec<u8>,
}

#[wasm_bindgen]
impl SplitOutput {
    /// JSON `{diagnostics, hidden, errors, warnings, refusal, chunks,
    /// manifest, zip_name}`: `refusal` is the reason the split was refused
    /// (as `split` prints it) or null; `chunks` the plan.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn json(&self) -> String {
        self.json.clone()
    }

    /// The zip of the chunks, the rejects file (if asked for) and
    /// `manifest.json`; empty when the split was refused.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn zip(&self) -> Vec<u8> {
        self.zip.clone()
    }
}

/// The report of a split.
#[derive(Serialize)]
struct SplitReport {
    #[serde(serialize_with = "wire")]
    diagnostics: Vec<Diagnostic>,
    hidden: u64,
    errors: u64,
    warnings: u64,
    refusal: Option<String>,
    chunks: Vec<WireChunk>,
    manifest: Option<batchlint::split::manifest::Manifest>,
    zip_name: String,
}

/// Splits `input`, the content of a file named `file_name`, with the
/// built-in profile `profile_name` into chunks named `{prefix}-0001.jsonl`, …
/// (`prefix` empty: the file's name without its extension, as `split`
/// does), as [`batchlint::split::memory::split`] does. With `rejects` not
/// empty, records with errors go to a file of that name; without it, any
/// error refuses the split. The first `max_shown` diagnostics are reported
/// in full, the others counted.
///
/// # Errors
/// An unknown profile, a prefix that is not a plain file name start, or
/// input that cannot be decompressed.
#[wasm_bindgen]
pub fn split(
    profile_name: &str,
    file_name: &str,
    input: &[u8],
    prefix: &str,
    rejects: &str,
    max_shown: u32,
) -> Result<SplitOutput, JsError> {
    split_bytes(profile_name, file_name, input, prefix, rejects, max_shown).map_err(|e| JsError::new(&e))
}

/// [`split`], with its error as text.
fn split_bytes(
    profile_name: &str,
    file_name: &str,
    input: &[u8],
    prefix: &str,
    rejects: &str,
    max_shown: u32,
) -> Result<SplitOutput, String> {
    let profile = profile(profile_name)?;
    let name = if file_name.is_empty() { "pasted.jsonl" } else { file_name };
    let prefix = if prefix.is_empty() {
        batchlint::split::run::Request::default_prefix(Path::new(name))
    } else {
        prefix.to_owned()
    };
    let rejects = (!rejects.is_empty()).then_some(rejects);
    let mut shown = Shown::new(max_shown);
    let (mut errors, mut warnings) = (0, 0);
    let made = memory::split(&profile, input, name, &prefix, rejects, &mut |d| {
        match d.severity {
            batchlint::Severity::Error => errors += 1,
            batchlint::Severity::Warning => warnings += 1,
        }
        shown.add(d);
    })
    .map_err(|e| e.to_string())?;
    let mut report = SplitReport {
        diagnostics: std::mem::take(&mut shown.diagnostics),
        hidden: shown.hidden,
        errors,
        warnings,
        refusal: None,
        chunks: Vec::new(),
        manifest: None,
        zip_name: format!("{prefix}.zip"),
    };
    let zip = match made {
        Err(refusal) => {
            report.refusal = Some(refusal_text(&refusal));
            Vec::new()
        }
        Ok(made) => {
            let zip = pack(&made).map_err(|e| format!("could not make the zip: {e}"))?;
            report.chunks = made
                .plan
                .into_iter()
                .map(|c| WireChunk {
                    file: c.file,
                    records: c.records,
                    bytes: c.bytes,
                    first_line: c.first_line,
                    last_line: c.last_line,
                })
                .collect();
            report.manifest = Some(made.manifest);
            zip
        }
    };
    let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
    Ok(SplitOutput { json, zip })
}

/// Why a split was refused, as `split` says it (its advice to pass
/// `--rejects FILE` is the page's "set rejected records aside" box).
fn refusal_text(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Rejected { .. } => refusal
            .to_string()
            .replace("pass --rejects FILE to set them aside", "tick “set records with errors aside” to set them aside"),
        other => other.to_string(),
    }
}

/// The files of a split in one zip, stored (not compressed): the chunks,
/// the rejects file, then `manifest.json` as `split` writes it.
///
/// # Errors
/// The zip writer's errors.
pub fn pack(made: &Split) -> io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, data: &[u8]| -> io::Result<()> {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(data)
    };
    for (entry, data) in made.manifest.chunks.iter().zip(&made.chunks) {
        add(&entry.file, data)?;
    }
    if let (Some(entry), Some(data)) = (&made.manifest.rejects, &made.rejects) {
        add(&entry.file, data)?;
    }
    let mut manifest = serde_json::to_vec_pretty(&made.manifest).map_err(io::Error::other)?;
    manifest.push(b'\n');
    add(batchlint::split::manifest::MANIFEST_NAME, &manifest)?;
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Vec<u8> {
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/examples/requests.jsonl")).unwrap()
    }

    #[test]
    fn the_summary_line_is_the_command_lines() {
        let linter = Linter::new(Profile::sync().unwrap());
        let summary = check_blocks(&linter, "requests.jsonl", &example()[..], |_| {}).unwrap();
        assert_eq!(summary_line(&summary), "Checked 1 file (20 records, 6,455 bytes): 6 errors, 1 warning");
        assert_eq!(summary_line(&Summary::default()), "Checked 1 file (0 records, 0 bytes): no problems found");
    }

    #[test]
    fn a_diagnostic_carries_its_line_window_cut_at_the_span() {
        let linter = Linter::new(Profile::sync().unwrap());
        let mut found = Vec::new();
        check_blocks(&linter, "requests.jsonl", &example()[..], |d| found.push(d)).unwrap();
        let typo = found.iter().map(|d| WireDiagnostic::new(d).with_snippet()).find(|d| d.line == 6).unwrap();
        assert_eq!((typo.code, typo.column, typo.help), ("BL203", 70, Some("did you mean `lipsync-2-pro`?")));
        assert_eq!(typo.snippet.as_ref().unwrap()[1], "\"lipsync2-pro\"");
        assert_eq!(typo.end_offset - typo.offset, 14);
    }

    #[test]
    fn profiles_lists_every_builtin() {
        let listed: Vec<serde_json::Value> = serde_json::from_str(&profiles()).unwrap();
        assert_eq!(listed.len(), BUILTINS.len());
        assert_eq!(listed[0]["name"], "sync");
    }

    #[test]
    fn a_split_zips_its_chunks_and_manifest() {
        let clean = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/valid/sync-20.jsonl")).unwrap();
        let out = split_bytes("sync", "sync-20.jsonl", &clean, "", "", 1000).unwrap();
        let report: serde_json::Value = serde_json::from_str(&out.json).unwrap();
        assert_eq!(report["refusal"], serde_json::Value::Null);
        assert_eq!(report["chunks"][0]["file"], "sync-20-0001.jsonl");
        assert_eq!(report["zip_name"], "sync-20.zip");
        // A stored zip: local file headers, then the chunk's bytes as they are.
        assert_eq!(&out.zip[..4], b"PK\x03\x04");
        assert!(out.zip.windows(clean.len()).any(|w| w == &clean[..]));
        assert!(out.zip.windows(13).any(|w| w == b"manifest.json"));

        let refused = split_bytes("sync", "requests.jsonl", &example(), "", "", 2).unwrap();
        let report: serde_json::Value = serde_json::from_str(&refused.json).unwrap();
        assert!(report["refusal"].as_str().unwrap().starts_with("6 of 20 records have errors"));
        assert_eq!((report["diagnostics"].as_array().unwrap().len(), report["hidden"].as_u64()), (2, Some(5)));
        assert!(refused.zip.is_empty());
        assert!(split_bytes("nope", "a.jsonl", b"", "", "", 1).is_err());
    }
}
