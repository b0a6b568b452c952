//! The classes the functions return: read-only views of the library's typed
//! results, with the attribute names of the JSON output.

use pyo3::prelude::*;
use pyo3::types::PyList;

/// One problem found in the input, at its line and column.
#[pyclass(frozen, get_all, eq, module = "batchlint")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    /// The stable code, e.g. `"BL203"`.
    pub(crate) code: String,
    /// The code's name, e.g. `"invalid-value"`.
    pub(crate) name: String,
    /// `"error"` or `"warning"`.
    pub(crate) severity: String,
    /// 1-based line.
    pub(crate) line: u64,
    /// 1-based column, in characters.
    pub(crate) column: u64,
    /// Byte offset of the first byte the diagnostic points at.
    pub(crate) offset: u64,
    /// Byte offset one past the last byte it points at.
    pub(crate) end_offset: u64,
    /// What is wrong.
    pub(crate) message: String,
    /// A short label for the underlined span.
    pub(crate) label: Option<String>,
    /// How to fix it, e.g. `"did you mean `lipsync-2`?"`.
    pub(crate) help: Option<String>,
    /// JSON Pointer of the offending value inside the record.
    pub(crate) instance_path: Option<String>,
    /// With `check_records`: the 0-based index of the record concerned.
    pub(crate) record: Option<u64>,
}

impl Diagnostic {
    /// The Python view of a library diagnostic.
    pub(crate) fn new(d: &batchlint::Diagnostic, record: Option<u64>) -> Self {
        Diagnostic {
            code: d.code.as_str().to_owned(),
            name: d.code.name().to_owned(),
            severity: d.severity.to_string(),
            line: d.line,
            column: d.column,
            offset: d.span.start,
            end_offset: d.span.end,
            message: d.message.clone(),
            label: d.label.clone(),
            help: d.help.clone(),
            instance_path: d.instance_path.clone(),
            record,
        }
    }
}

#[pymethods]
impl Diagnostic {
    fn __repr__(&self) -> String {
        format!("<Diagnostic {}:{} {}[{}] {:?}>", self.line, self.column, self.severity, self.code, self.message)
    }

    /// `line:column: severity[CODE]: message` and `; help` when the help is
    /// short, as the concise format prints it after the path.
    fn __str__(&self) -> String {
        let help = self.help.as_deref().filter(|h| batchlint::Diagnostic::is_short_help(h));
        let help = help.map(|h| format!("; {h}")).unwrap_or_default();
        format!("{}:{}: {}[{}]: {}{help}", self.line, self.column, self.severity, self.code, self.message)
    }
}

/// Counts for one input.
#[pyclass(frozen, get_all, eq, module = "batchlint")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Physical lines.
    pub(crate) lines: u64,
    /// Records (non-blank lines).
    pub(crate) records: u64,
    /// Blank lines.
    pub(crate) blank_lines: u64,
    /// Bytes read.
    pub(crate) bytes: u64,
    /// Diagnostics with severity error.
    pub(crate) errors: u64,
    /// Diagnostics with severity warning.
    pub(crate) warnings: u64,
    /// `"gzip"` when the input was decompressed as it was read (lines,
    /// columns and `bytes` are then those of the text); `None` for plain input.
    pub(crate) compression: Option<&'static str>,
}

impl From<&batchlint::Summary> for Summary {
    fn from(s: &batchlint::Summary) -> Self {
        Summary {
            lines: s.lines,
            records: s.records,
            blank_lines: s.blank_lines,
            bytes: s.bytes,
            errors: s.errors,
            warnings: s.warnings,
            compression: s.compression.map(batchlint::Compression::name),
        }
    }
}

#[pymethods]
impl Summary {
    fn __repr__(&self) -> String {
        format!(
            "<Summary records={} bytes={} errors={} warnings={}>",
            self.records, self.bytes, self.errors, self.warnings
        )
    }
}

/// Everything `check` found in one input.
#[pyclass(frozen, module = "batchlint")]
pub(crate) struct Report {
    /// The input's name: its path, `"<bytes>"`, the file object's name, or `"<records>"`.
    #[pyo3(get)]
    pub(crate) path: String,
    /// Every diagnostic, in file order.
    pub(crate) diagnostics: Py<PyList>,
    /// The counts.
    #[pyo3(get)]
    pub(crate) summary: Py<Summary>,
}

#[pymethods]
impl Report {
    /// Every diagnostic, in file order (a new list each time).
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.diagnostics.bind(py).iter())
    }

    /// Whether the input has no errors (warnings alone do not fail it).
    #[getter]
    fn ok(&self) -> bool {
        self.summary.get().errors == 0
    }

    fn __bool__(&self) -> bool {
        self.ok()
    }

    fn __repr__(&self) -> String {
        let s = self.summary.get();
        let ok = if s.errors == 0 { "True" } else { "False" };
        format!("<Report {:?} ok={ok} errors={} warnings={}>", self.path, s.errors, s.warnings)
    }
}

/// One chunk file of a split (or, with `plan_only`, one that would be written).
#[pyclass(frozen, get_all, eq, module = "batchlint")]
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Chunk {
    /// File name inside the output folder.
    pub(crate) file: String,
    /// Its path: the output folder joined with `file`.
    pub(crate) path: String,
    /// Records in it.
    pub(crate) records: u64,
    /// Its size in bytes.
    pub(crate) bytes: u64,
    /// Input line of its first record.
    pub(crate) first_line: u64,
    /// Input line of its last record.
    pub(crate) last_line: u64,
    /// SHA-256 of its bytes, lowercase hex (`None` when only planned).
    pub(crate) sha256: Option<String>,
}

#[pymethods]
impl Chunk {
    fn __repr__(&self) -> String {
        format!("<Chunk {:?} records={} bytes={}>", self.file, self.records, self.bytes)
    }
}

/// What a split wrote (or, with `plan_only`, would write).
#[pyclass(frozen, module = "batchlint")]
pub(crate) struct Manifest {
    /// The chunks, in input order.
    #[pyo3(get)]
    pub(crate) chunks: Vec<Chunk>,
    /// The output folder.
    #[pyo3(get)]
    pub(crate) out_dir: String,
    /// Whether the files were written (`False` with `plan_only`).
    #[pyo3(get)]
    pub(crate) written: bool,
    /// Records that went (or would go) into chunks.
    #[pyo3(get)]
    pub(crate) records: u64,
    /// Input lines of the records set aside in the rejects file.
    #[pyo3(get)]
    pub(crate) rejected_lines: Vec<u64>,
    /// Blank lines skipped.
    #[pyo3(get)]
    pub(crate) blank_lines: u64,
    /// `manifest.json` as JSON text (`None` when only planned).
    pub(crate) json: Option<String>,
}

#[pymethods]
impl Manifest {
    /// `manifest.json` as a dict (documented in docs/split.md), or `None`
    /// when only planned.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.json {
            Some(json) => Ok(Some(py.import("json")?.call_method1("loads", (json,))?)),
            None => Ok(None),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<Manifest {:?} chunks={} records={} written={}>",
            self.out_dir,
            self.chunks.len(),
            self.records,
            if self.written { "True" } else { "False" }
        )
    }
}

/// One repair `fix` made (or, with `dry_run`, would make).
#[pyclass(frozen, get_all, eq, module = "batchlint")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    /// The repair's name, e.g. `"remove-bom"` or `"crlf-to-lf"`.
    pub(crate) repair: String,
    /// What it does, e.g. `"remove the byte order mark"`.
    pub(crate) action: String,
    /// First input line concerned (1-based).
    pub(crate) first_line: u64,
    /// Last input line concerned.
    pub(crate) last_line: u64,
    /// How many lines (or, for a rewrite, records) it concerned.
    pub(crate) count: u64,
}

impl From<&batchlint::fix::Change> for Change {
    fn from(c: &batchlint::fix::Change) -> Self {
        let repair = serde_json::to_value(c.repair).ok().and_then(|v| v.as_str().map(str::to_owned));
        Change {
            repair: repair.unwrap_or_default(),
            action: c.repair.action().to_owned(),
            first_line: c.first_line,
            last_line: c.last_line,
            count: c.count,
        }
    }
}

#[pymethods]
impl Change {
    fn __repr__(&self) -> String {
        format!("<Change {} lines {}-{}>", self.repair, self.first_line, self.last_line)
    }
}

/// A built-in profile: a batch API's rules.
#[pyclass(frozen, get_all, module = "batchlint")]
#[derive(Clone, Debug)]
pub(crate) struct ProfileInfo {
    /// Its name, e.g. `"sync"` or `"openai"`.
    pub(crate) name: String,
    /// The API it checks for.
    pub(crate) title: String,
    /// Fewest records a file may hold.
    pub(crate) min_records: Option<u64>,
    /// Most records a file may hold.
    pub(crate) max_records: Option<u64>,
    /// Largest file size in bytes.
    pub(crate) max_bytes: Option<u64>,
    /// JSON Pointer of the id that must be unique.
    pub(crate) id_pointer: Option<String>,
    /// What the figures rest on, and what is unconfirmed.
    pub(crate) notes: String,
    /// Where the rules come from.
    pub(crate) sources: Vec<String>,
}

#[pymethods]
impl ProfileInfo {
    fn __repr__(&self) -> String {
        format!("<ProfileInfo {:?} {:?}>", self.name, self.title)
    }
}

/// A diagnostic code and what it means.
#[pyclass(frozen, get_all, module = "batchlint")]
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    /// The code, e.g. `"BL203"`.
    pub(crate) code: String,
    /// Its name, e.g. `"invalid-value"`.
    pub(crate) name: String,
    /// Its default severity: `"error"` or `"warning"`.
    pub(crate) severity: String,
    /// One line on what it reports.
    pub(crate) summary: String,
    /// Why it matters.
    pub(crate) why: String,
    /// Input that triggers it.
    pub(crate) example_bad: String,
    /// The same input, fixed.
    pub(crate) example_fixed: String,
}

impl From<batchlint::Code> for Rule {
    fn from(code: batchlint::Code) -> Self {
        let docs = code.docs();
        Rule {
            code: code.as_str().to_owned(),
            name: code.name().to_owned(),
            severity: code.default_severity().to_string(),
            summary: code.summary().to_owned(),
            why: docs.why.to_owned(),
            example_bad: docs.example_bad.to_owned(),
            example_fixed: docs.example_fixed.to_owned(),
        }
    }
}

#[pymethods]
impl Rule {
    fn __repr__(&self) -> String {
        format!("<Rule {} {}>", self.code, self.name)
    }
}
