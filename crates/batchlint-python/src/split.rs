//! `split` and `fix`: [`batchlint::split::run`] and [`batchlint::fix`].

use std::ffi::CString;
use std::path::{Path, PathBuf};

use batchlint::fix::FixOptions;
use batchlint::split::run::{Outcome, Request};
use pyo3::exceptions::PyRuntimeWarning;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{split as split_error, to_py};
use crate::settings::Options;
use crate::types::{Change, Chunk, Manifest};

/// Splits a JSONL file into chunk files in `out_dir` that each meet the
/// profile's limits, with a `manifest.json`.
#[pyfunction]
#[pyo3(signature = (
    path, out_dir, *, profile=None, rejects=None, force=false, plan_only=false, prefix=None, sync=true,
    schema=None, config=None, **limits
))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn split(
    py: Python<'_>,
    path: PathBuf,
    out_dir: PathBuf,
    profile: Option<String>,
    rejects: Option<PathBuf>,
    force: bool,
    plan_only: bool,
    prefix: Option<String>,
    sync: bool,
    schema: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
    limits: Option<&Bound<'_, PyDict>>,
) -> PyResult<Manifest> {
    let resolved = Options { profile, schema, config, limits }.resolve(py)?;
    let mut request = Request::new(path, out_dir);
    if let Some(prefix) = prefix {
        request.prefix = prefix;
    }
    request.rejects = rejects;
    request.force = force;
    request.sync = sync;
    request.plan_only = plan_only;
    let mut errors = Vec::new();
    let outcome = py.detach(|| {
        let mut sink = |d: batchlint::Diagnostic| {
            if d.severity == batchlint::Severity::Error && errors.len() < 20 {
                errors.push(format!(
                    "{}:{}:{}: {}[{}]: {}",
                    request.input_label, d.line, d.column, d.severity, d.code, d.message
                ));
            }
        };
        batchlint::split::run::run(&resolved.profile, &request, &mut sink, &mut |_, _| {})
    });
    let out = request.out_dir.display().to_string();
    match outcome.map_err(|e| to_py(py, e))? {
        Err(refusal) => {
            let mut message = refusal.to_string();
            for line in &errors {
                message.push_str("\n  ");
                message.push_str(line);
            }
            Err(split_error(py, message))
        }
        Ok(Outcome::Planned { chunks, records, rejected_lines, blank_lines }) => Ok(Manifest {
            chunks: chunks
                .into_iter()
                .map(|c| Chunk {
                    path: request.out_dir.join(&c.file).display().to_string(),
                    file: c.file,
                    records: c.records,
                    bytes: c.bytes,
                    first_line: c.first_line,
                    last_line: c.last_line,
                    sha256: None,
                })
                .collect(),
            out_dir: out,
            written: false,
            records,
            rejected_lines,
            blank_lines,
            json: None,
        }),
        Ok(Outcome::Written(manifest)) => Ok(Manifest {
            chunks: manifest
                .chunks
                .iter()
                .map(|c| Chunk {
                    path: request.out_dir.join(&c.file).display().to_string(),
                    file: c.file.clone(),
                    records: c.records,
                    bytes: c.bytes,
                    first_line: c.first_line,
                    last_line: c.last_line,
                    sha256: Some(c.sha256.clone()),
                })
                .collect(),
            out_dir: out,
            written: true,
            records: manifest.chunks.iter().map(|c| c.records).sum(),
            rejected_lines: manifest
                .rejects
                .as_ref()
                .map_or_else(|| Ok(Vec::new()), |r| r.lines.iter().map(|l| l.map(|l| l.line)).collect())
                .map_err(|e| to_py(py, batchlint::Error::Io { path: request.input.clone(), source: e }))?,
            blank_lines: manifest.skipped.blank_lines,
            json: Some(
                serde_json::to_string(&*manifest)
                    .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?,
            ),
        }),
        Ok(_) => {
            Err(pyo3::exceptions::PyRuntimeError::new_err("batchlint returned an outcome this version does not know"))
        }
    }
}

/// Repairs what cannot change meaning, in place and atomically (BOM, CRLF,
/// blank lines, final newline, trailing commas, JSON arrays and
/// pretty-printed objects);
/// with `dry_run`, only reports. A symbolic link's target is fixed; a
/// file with other names (hard links) is refused unless `force`. Returns
/// the changes (empty when the file needed none, and then it is not
/// rewritten); what the rewrite could not keep (owner, group, set-id bits)
/// is a `RuntimeWarning`.
#[pyfunction]
#[pyo3(signature = (path, *, dry_run=false, force=false))]
pub(crate) fn fix(py: Python<'_>, path: PathBuf, dry_run: bool, force: bool) -> PyResult<Vec<Change>> {
    let path: &Path = &path;
    let options = FixOptions::default().dry_run(dry_run).force(force);
    let fixed = py.detach(|| batchlint::fix::fix_file(path, options)).map_err(|e| to_py(py, e))?;
    for lost in &fixed.not_kept {
        PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &CString::new(format!("{}: {lost}", path.display()))?, 1)?;
    }
    Ok(fixed.changes.iter().map(Change::from).collect())
}
