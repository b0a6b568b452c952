//! `profiles`, `rule` and `rules`: what the built-in tables say.

use batchlint::{BUILTINS, Code};
use pyo3::prelude::*;

use crate::errors::usage;
use crate::types::{ProfileInfo, Rule};

/// The built-in profiles, one per batch API.
#[pyfunction]
pub(crate) fn profiles() -> Vec<ProfileInfo> {
    BUILTINS
        .iter()
        .map(|b| ProfileInfo {
            name: b.name.to_owned(),
            title: b.title.to_owned(),
            min_records: b.limits.min_records,
            max_records: b.limits.max_records,
            max_bytes: b.limits.max_bytes,
            id_pointer: b.id_pointer.map(str::to_owned),
            notes: b.notes.to_owned(),
            sources: b.sources.iter().map(|s| (*s).to_owned()).collect(),
        })
        .collect()
}

/// What a diagnostic code (`"BL203"`) or name (`"invalid-value"`) means.
#[pyfunction]
pub(crate) fn rule(py: Python<'_>, code: &str) -> PyResult<Rule> {
    match code.trim().parse::<Code>() {
        Ok(code) => Ok(Rule::from(code)),
        Err(message) => {
            let help = match Code::closest(code) {
                Some(c) => format!("did you mean `{c}` ({})?", c.name()),
                None => "`batchlint.rules()` lists every code".to_owned(),
            };
            Err(usage(py, message, Some(help)))
        }
    }
}

/// Every diagnostic code, in order.
#[pyfunction]
pub(crate) fn rules() -> Vec<Rule> {
    Code::ALL.iter().map(|&c| Rule::from(c)).collect()
}
