//! Folders named on the command line, walked as linters walk them.

use std::path::{Path, PathBuf};

/// A file to work on.
pub(crate) struct Target {
    /// Its path.
    pub(crate) path: PathBuf,
    /// Whether it was named on the command line (not found in a folder).
    pub(crate) named: bool,
}

/// The extensions of the JSON Lines files a folder stands for.
const EXTENSIONS: [&str; 2] = ["jsonl", "ndjson"];

/// The files `paths` stand for: a folder, the JSON Lines files under it
/// (`*.jsonl`, `*.ndjson`, and with `gzipped` their `.gz` forms), found as
/// ripgrep finds files (hidden ones and what `.gitignore` or `.ignore`
/// excludes are skipped), in sorted order; any other path, itself.
///
/// # Errors
/// [`crate::Error::Io`] when a folder cannot be read.
pub(crate) fn expand(paths: &[PathBuf], gzipped: bool) -> Result<Vec<Target>, crate::Error> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            out.push(Target { path: path.clone(), named: true });
            continue;
        }
        let mut found = Vec::new();
        for entry in ignore::WalkBuilder::new(path).require_git(false).build() {
            let entry = entry.map_err(|e| crate::Error::Io { path: path.clone(), source: std::io::Error::other(e) })?;
            if entry.file_type().is_some_and(|t| t.is_file()) && is_json_lines(entry.path(), gzipped) {
                found.push(entry.into_path());
            }
        }
        found.sort();
        out.extend(found.into_iter().map(|path| Target { path, named: false }));
    }
    Ok(out)
}

fn is_json_lines(path: &Path, gzipped: bool) -> bool {
    let extension = |p: &Path| p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension(path) {
        Some(e) if e == "gz" && gzipped => is_json_lines(&path.with_extension(""), false),
        Some(e) => EXTENSIONS.contains(&e.as_str()),
        None => false,
    }
}
