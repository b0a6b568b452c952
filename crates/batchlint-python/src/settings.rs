//! Keyword arguments to [`batchlint::config::Settings`]: the same resolution
//! (profile, config file, schema, limits) as the command line's flags.

use std::path::PathBuf;

use batchlint::config::{ConfigChoice, LimitValue, Resolved, Settings};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict};

use crate::errors::{to_py, usage};

/// The keyword arguments that override the profile's limits and id.
const LIMIT_NAMES: [&str; 6] =
    ["min_records", "max_records", "max_bytes", "max_line_bytes", "id_pointer", "max_per_line"];

/// The common keyword arguments of `check`, `check_records` and `split`.
pub(crate) struct Options<'a, 'py> {
    /// `profile=`: a built-in or custom profile's name.
    pub(crate) profile: Option<String>,
    /// `schema=`: a line schema's path.
    pub(crate) schema: Option<PathBuf>,
    /// `config=`: `None`/`False`, `True` (found from the current folder) or a path.
    pub(crate) config: Option<&'a Bound<'py, PyAny>>,
    /// `**limits`.
    pub(crate) limits: Option<&'a Bound<'py, PyDict>>,
}

/// A limit argument: a whole number of at least 0, or `None` for no limit.
fn limit(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<LimitValue> {
    if value.is_none() {
        return Ok(LimitValue(None));
    }
    if value.is_instance_of::<PyBool>() {
        return Err(usage(py, format!("{name} is a whole number or None, not a bool"), None));
    }
    value.extract::<u64>().map(|n| LimitValue(Some(n))).map_err(|_| {
        let shown = value.repr().map_or_else(|_| "that".to_owned(), |r| r.to_string());
        usage(py, format!("{name} is a whole number of at least 0 or None, not {shown}"), None)
    })
}

impl Options<'_, '_> {
    /// The settings these arguments ask for, resolved.
    pub(crate) fn resolve(&self, py: Python<'_>) -> PyResult<Resolved> {
        let config = match self.config {
            None => ConfigChoice::None,
            Some(c) if c.is_none() => ConfigChoice::None,
            Some(c) if c.is_instance_of::<PyBool>() => {
                if c.is_truthy()? {
                    let here = std::env::current_dir()
                        .map_err(|e| to_py(py, batchlint::Error::Io { path: ".".into(), source: e }))?;
                    ConfigChoice::Discover(here)
                } else {
                    ConfigChoice::None
                }
            }
            Some(c) => ConfigChoice::File(c.extract::<PathBuf>().map_err(|_| {
                usage(
                    py,
                    format!("config is a path, True (find batchlint.toml as the command line does) or None, not {c}"),
                    None,
                )
            })?),
        };
        let mut settings = Settings::default();
        settings.profile.clone_from(&self.profile);
        settings.schema.clone_from(&self.schema);
        settings.config = config;
        if let Some(limits) = self.limits {
            for (key, value) in limits.iter() {
                let key: String = key.extract()?;
                let slot = match key.as_str() {
                    "min_records" => &mut settings.limits.min_records,
                    "max_records" => &mut settings.limits.max_records,
                    "max_bytes" => &mut settings.limits.max_bytes,
                    "max_line_bytes" => &mut settings.limits.max_line_bytes,
                    "id_pointer" => {
                        settings.id_pointer =
                            Some(if value.is_none() { "none".to_owned() } else { value.extract()? });
                        continue;
                    }
                    "max_per_line" => {
                        settings.max_per_line = Some(value.extract()?);
                        continue;
                    }
                    _ => {
                        let hint = LIMIT_NAMES
                            .iter()
                            .map(|n| (strsim::jaro_winkler(n, &key), n))
                            .filter(|(score, _)| *score > 0.8)
                            .max_by(|a, b| a.0.total_cmp(&b.0))
                            .map(|(_, n)| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                            "unexpected keyword argument `{key}`{hint}; the limits are {}",
                            LIMIT_NAMES.join(", ")
                        )));
                    }
                };
                *slot = Some(limit(py, &key, &value)?);
            }
        }
        let resolved = py.detach(|| settings.resolve());
        resolved.map_err(|e| to_py(py, e))
    }
}
