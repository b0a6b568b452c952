//! SARIF 2.1.0: one log with one run, written at the end (it is one
//! document, so the results are held in memory until then). The types are
//! serde-sarif's, generated from the official schema. Documented in
//! `docs/formats.md`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::{Code, Diagnostic, Severity, Summary};
use serde_sarif::sarif as s;

use super::wire::io_err;
use super::{Render, Totals, end_column};

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Default)]
pub(crate) struct Sarif {
    results: Vec<s::Result>,
    /// Files that could not be read.
    notifications: Vec<s::Notification>,
}

/// `path` as a relative URI reference: every byte but unreserved characters,
/// the sub-delimiters, `/` and `@` is percent-encoded, and so is `:` (a `:`
/// in the first segment would read as a scheme).
fn uri(path: &str) -> String {
    let path: std::borrow::Cow<'_, str> =
        if cfg!(windows) { path.replace('\\', "/").into() } else { std::borrow::Cow::Borrowed(path) };
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if crate::iri::is_unreserved(b) || crate::iri::is_sub_delim(b) || matches!(b, b'/' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact(path: &str) -> s::ArtifactLocation {
    s::ArtifactLocation::builder().uri(uri(path)).build()
}

fn level(severity: Severity) -> s::ResultLevel {
    match severity {
        Severity::Error => s::ResultLevel::Error,
        Severity::Warning => s::ResultLevel::Warning,
    }
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn text(t: &str) -> s::Message {
    s::Message::builder().text(t).build()
}

/// Every code, once; a result's `ruleIndex` is its code's place in [`Code::ALL`].
fn rules() -> Vec<s::ReportingDescriptor> {
    Code::ALL
        .iter()
        .map(|code| {
            let level = match code.default_severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            s::ReportingDescriptor::builder()
                .id(code.as_str())
                .name(code.name())
                .short_description(s::MultiformatMessageString::builder().text(code.summary()).build())
                .default_configuration(s::ReportingConfiguration::builder().level(serde_json::json!(level)).build())
                .build()
        })
        .collect()
}

/// Where the tool is documented: the package's homepage or repository.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")].into_iter().find(|u| !u.is_empty())
}

impl Render for Sarif {
    fn begin_file(&mut self, _: &mut dyn Write, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn diagnostic(&mut self, _: &mut dyn Write, path: &str, d: &Diagnostic) -> io::Result<()> {
        let region = s::Region::builder()
            .start_line(int(d.line))
            .start_column(int(d.column))
            .end_column(int(end_column(d)))
            .byte_offset(int(d.span.start))
            .byte_length(int(d.span.len()))
            .build();
        let location = s::Location::builder()
            .physical_location(s::PhysicalLocation::builder().artifact_location(artifact(path)).region(region).build())
            .build();
        let rule_index = Code::ALL.iter().position(|c| *c == d.code).map_or(-1, |i| int(i as u64));
        let mut result = s::Result::builder()
            .rule_id(d.code.as_str())
            .rule_index(rule_index)
            .level(level(d.severity))
            .message(text(&d.message))
            .locations(vec![location])
            .build();
        if let Some(r) = &d.related {
            // The related text's end column is not known; its bytes are.
            let region = s::Region::builder()
                .start_line(int(r.line))
                .start_column(int(r.column))
                .end_column(int(r.column + r.span.len()))
                .byte_offset(int(r.span.start))
                .byte_length(int(r.span.len()))
                .build();
            result.related_locations = Some(vec![
                s::Location::builder()
                    .id(1)
                    .physical_location(
                        s::PhysicalLocation::builder().artifact_location(artifact(path)).region(region).build(),
                    )
                    .message(text(&r.message))
                    .build(),
            ]);
        }
        let mut extra = BTreeMap::new();
        for (key, value) in [("help", &d.help), ("label", &d.label), ("instancePath", &d.instance_path)] {
            if let Some(value) = value {
                extra.insert(key.to_owned(), serde_json::Value::from(value.as_str()));
            }
        }
        if !extra.is_empty() {
            result.properties = Some(s::PropertyBag::builder().additional_properties(extra).build());
        }
        self.results.push(result);
        Ok(())
    }

    fn end_file(&mut self, _: &mut dyn Write, _: &str, _: &Summary) -> io::Result<()> {
        Ok(())
    }

    fn file_error(&mut self, _: &mut dyn Write, path: &str, message: &str) -> io::Result<()> {
        self.notifications.push(
            s::Notification::builder()
                .level(serde_json::json!("error"))
                .message(text(message))
                .locations(vec![
                    s::Location::builder()
                        .physical_location(s::PhysicalLocation::builder().artifact_location(artifact(path)).build())
                        .build(),
                ])
                .build(),
        );
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _: &Totals) -> io::Result<()> {
        let mut driver = s::ToolComponent::builder()
            .name("batchlint")
            .version(env!("CARGO_PKG_VERSION"))
            .semantic_version(env!("CARGO_PKG_VERSION"))
            .rules(rules())
            .build();
        driver.information_uri = information_uri().map(str::to_owned);
        let mut invocation = s::Invocation::builder().execution_successful(self.notifications.is_empty()).build();
        if !self.notifications.is_empty() {
            invocation.tool_execution_notifications = Some(std::mem::take(&mut self.notifications));
        }
        let run = s::Run::builder()
            .tool(s::Tool::builder().driver(driver).build())
            .column_kind(serde_json::json!("unicodeCodePoints"))
            .invocations(vec![invocation])
            .results(std::mem::take(&mut self.results))
            .build();
        let log = s::Sarif::builder().schema(SCHEMA).version(serde_json::json!("2.1.0")).runs(vec![run]).build();
        serde_json::to_writer_pretty(&mut *out, &log).map_err(io_err)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(uri("testdata/examples/requests.jsonl"), "testdata/examples/requests.jsonl");
        assert_eq!(uri("my batch/a:b%c#d?.jsonl"), "my%20batch/a%3Ab%25c%23d%3F.jsonl");
        assert_eq!(uri("données.jsonl"), "donn%C3%A9es.jsonl");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}
