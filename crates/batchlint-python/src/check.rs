//! `check` and `check_records`: a file, bytes, a binary file object, or
//! records being built, through the library's [`batchlint::Linter`].

use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use batchlint::Linter;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};

use crate::errors::to_py;
use crate::settings::Options;
use crate::types::{Diagnostic, Report, Summary};

/// How much a file object is asked for at a time.
const READ_SIZE: usize = 1 << 20;

/// Where a Python exception raised while the library reads is kept until
/// the library returns.
type Pending = Arc<Mutex<Option<PyErr>>>;

/// Keeps the first Python exception and turns it into an I/O error for the
/// library (which stops reading).
fn keep(pending: &Pending, error: PyErr) -> io::Error {
    let message = Python::attach(|py| error.value(py).to_string());
    if let Ok(mut slot) = pending.lock() {
        slot.get_or_insert(error);
    }
    io::Error::other(message)
}

/// Bytes handed out in pieces.
#[derive(Default)]
struct Pieces {
    data: Vec<u8>,
    at: usize,
}

impl Pieces {
    /// Copies what is left into `buf`; 0 when nothing is left.
    fn take(&mut self, buf: &mut [u8]) -> usize {
        let n = (self.data.len() - self.at).min(buf.len());
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        n
    }

    fn refill(&mut self, data: Vec<u8>) {
        self.data = data;
        self.at = 0;
    }
}

/// A binary file object (anything with `read(n)` returning bytes), read
/// with the GIL taken for each block.
struct FileObject {
    file: Py<PyAny>,
    pending: Pending,
    pieces: Pieces,
}

impl Read for FileObject {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pieces.at == self.pieces.data.len() {
            let block = Python::attach(|py| -> PyResult<Vec<u8>> {
                let data = self.file.bind(py).call_method1("read", (READ_SIZE,))?;
                if data.is_instance_of::<PyString>() {
                    return Err(PyTypeError::new_err(
                        "the file object returns str, not bytes: open the file in binary mode ('rb')",
                    ));
                }
                data.extract::<Vec<u8>>().or_else(|_| Ok(data.cast::<PyBytes>()?.as_bytes().to_vec()))
            });
            self.pieces.refill(block.map_err(|e| keep(&self.pending, e))?);
        }
        Ok(self.pieces.take(buf))
    }
}

/// Records of an iterable, one JSON line each: dicts (and other JSON
/// values) are serialised compactly by `batchlint._records.dumps`, strings
/// and bytes are taken as the line itself.
struct Records {
    iterator: Py<PyAny>,
    dumps: Py<PyAny>,
    pending: Pending,
    pieces: Pieces,
    /// Records read so far.
    count: u64,
}

impl Records {
    /// The next record as one line with its newline, or `None` at the end.
    fn next_line(&mut self, py: Python<'_>) -> PyResult<Option<Vec<u8>>> {
        let Some(item) = self.iterator.bind(py).try_iter()?.next().transpose()? else {
            return Ok(None);
        };
        let index = self.count;
        let mut line = if let Ok(text) = item.cast::<PyString>() {
            text.to_cow()?.as_bytes().to_vec()
        } else if let Ok(bytes) = item.cast::<PyBytes>() {
            bytes.as_bytes().to_vec()
        } else {
            self.dumps.bind(py).call1((&item,))?.extract::<String>()?.into_bytes()
        };
        if line.ends_with(b"\n") {
            line.pop();
            if line.ends_with(b"\r") {
                line.pop();
            }
        }
        if line.contains(&b'\n') {
            return Err(PyValueError::new_err(format!(
                "record {index} holds a line break: a record of a JSONL file is one line"
            )));
        }
        line.push(b'\n');
        self.count += 1;
        Ok(Some(line))
    }
}

impl Read for Records {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pieces.at == self.pieces.data.len() {
            // Gather records into blocks, so that the GIL is taken once per block.
            let block = Python::attach(|py| -> PyResult<Vec<u8>> {
                let mut block = Vec::new();
                while block.len() < READ_SIZE {
                    match self.next_line(py)? {
                        Some(line) => block.extend_from_slice(&line),
                        None => break,
                    }
                }
                Ok(block)
            });
            let block = block.map_err(|e| keep(&self.pending, e))?;
            if block.is_empty() {
                return Ok(0);
            }
            self.pieces.refill(block);
        }
        Ok(self.pieces.take(buf))
    }
}

/// Runs the linter over `reader` without the GIL, collecting diagnostics.
fn lint<R: Read + Send>(
    py: Python<'_>,
    linter: &Linter,
    reader: R,
    pending: &Pending,
) -> PyResult<(batchlint::Summary, Vec<batchlint::Diagnostic>)> {
    let result = py.detach(|| {
        let mut found = Vec::new();
        linter.check_reader(reader, |d| found.push(d)).map(|summary| (summary, found))
    });
    if let Some(error) = pending.lock().ok().and_then(|mut slot| slot.take()) {
        return Err(error);
    }
    result.map_err(|e| to_py(py, batchlint::Error::Io { path: "<stream>".into(), source: e }))
}

/// The report of `path`, with the records' indices when `records` is set.
fn report(
    py: Python<'_>,
    path: String,
    summary: &batchlint::Summary,
    found: &[batchlint::Diagnostic],
    records: Option<u64>,
) -> PyResult<Report> {
    let record = |line: u64| records.and_then(|n| (line >= 1 && line <= n).then(|| line - 1));
    let items = found.iter().map(|d| Diagnostic::new(d, record(d.line)));
    let list = PyList::empty(py);
    for item in items {
        list.append(Bound::new(py, item)?)?;
    }
    Ok(Report { path, diagnostics: list.unbind(), summary: Py::new(py, Summary::from(summary))? })
}

/// Checks a JSONL batch file and returns every problem at its line and
/// column. `source` is a path (`str` or `os.PathLike`), `bytes`, or a
/// binary file object.
#[pyfunction]
#[pyo3(signature = (source, *, profile=None, schema=None, config=None, **limits))]
pub(crate) fn check(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    profile: Option<String>,
    schema: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<Report> {
    let resolved = Options { profile, schema, config, limits }.resolve(py)?;
    let linter = Linter::new(resolved.profile);
    let pending = Pending::default();
    if let Ok(bytes) = source.cast::<PyBytes>() {
        let (summary, found) = lint(py, &linter, bytes.as_bytes(), &pending)?;
        return report(py, "<bytes>".to_owned(), &summary, &found, None);
    }
    if let Ok(bytes) = source.cast::<PyByteArray>() {
        let (summary, found) = lint(py, &linter, io::Cursor::new(bytes.to_vec()), &pending)?;
        return report(py, "<bytes>".to_owned(), &summary, &found, None);
    }
    if source.hasattr("read")? {
        let name = source.getattr("name").ok().and_then(|n| n.extract::<String>().ok());
        let reader = FileObject { file: source.clone().unbind(), pending: pending.clone(), pieces: Pieces::default() };
        let (summary, found) = lint(py, &linter, reader, &pending)?;
        return report(py, name.unwrap_or_else(|| "<stream>".to_owned()), &summary, &found, None);
    }
    let path: PathBuf = source.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "source is a path (str or os.PathLike), bytes or a binary file object, not {}",
            source.get_type().name().map_or_else(|_| "that".to_owned(), |n| n.to_string())
        ))
    })?;
    let checked = py.detach(|| linter.check_path(&path));
    let file = checked.map_err(|e| to_py(py, e))?;
    report(py, file.path, &file.summary, &file.diagnostics, None)
}

/// Checks records before they are written: an iterable of dicts (or JSON
/// strings, one record each). Each diagnostic names its record's 0-based
/// index (`record`) and the line it will have in the file.
#[pyfunction]
#[pyo3(signature = (records, *, profile=None, schema=None, config=None, **limits))]
pub(crate) fn check_records(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    profile: Option<String>,
    schema: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<Report> {
    let resolved = Options { profile, schema, config, limits }.resolve(py)?;
    let linter = Linter::new(resolved.profile);
    let dumps = py.import("batchlint._records")?.getattr("dumps")?;
    let pending = Pending::default();
    let mut reader = Records {
        iterator: records.try_iter()?.into_any().unbind(),
        dumps: dumps.unbind(),
        pending: pending.clone(),
        pieces: Pieces::default(),
        count: 0,
    };
    let (summary, found) = lint(py, &linter, &mut reader, &pending)?;
    report(py, "<records>".to_owned(), &summary, &found, Some(reader.count))
}
