//! `batchlint.toml`: project settings, found by walking up from the current
//! folder (`batchlint.toml` or `.batchlint.toml`), or named with `--config`.
//! Command-line flags override the file; the file overrides the profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use batchlint::{Code, Error, Severity};
use serde::Deserialize;

/// The names a config file may have, in order of preference within a folder.
pub(crate) const FILE_NAMES: [&str; 2] = ["batchlint.toml", ".batchlint.toml"];

/// The file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    /// The built-in profile.
    pub(crate) profile: Option<String>,
    /// A line schema, relative to the config file's folder.
    pub(crate) schema: Option<PathBuf>,
    /// JSON Pointer of the unique id, or `"none"`.
    pub(crate) id_pointer: Option<String>,
    /// Globs (relative to the config file's folder) of files `check` skips,
    /// even when they are named on the command line.
    #[serde(default)]
    pub(crate) exclude: Vec<String>,
    /// File limits.
    #[serde(default)]
    pub(crate) limits: ConfigLimits,
    /// Per-code severities, by code (`BL206`) or name (`unknown-key`).
    #[serde(default)]
    pub(crate) severity: BTreeMap<String, Level>,
    /// Named profiles of the project's own, usable wherever a built-in one is.
    #[serde(default)]
    pub(crate) profiles: BTreeMap<String, CustomProfile>,
    /// The folder the file is in: relative paths are resolved against it.
    #[serde(skip)]
    pub(crate) root: PathBuf,
}

/// A `[profiles.NAME]` table: a built-in profile (`generic` by default)
/// with its own schema, limits and ids.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CustomProfile {
    /// The built-in profile it starts from.
    pub(crate) extends: Option<String>,
    /// Its line schema, relative to the config file's folder.
    pub(crate) schema: Option<PathBuf>,
    /// JSON Pointer of the unique id, or `"none"`.
    pub(crate) id_pointer: Option<String>,
    /// JSON Pointers of values that must be the same on every line.
    pub(crate) uniform: Option<Vec<String>>,
    /// Its limits.
    #[serde(default)]
    pub(crate) limits: ConfigLimits,
}

/// The `[limits]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ConfigLimits {
    pub(crate) min_records: Option<LimitValue>,
    pub(crate) max_records: Option<LimitValue>,
    pub(crate) max_bytes: Option<LimitValue>,
    pub(crate) max_line_bytes: Option<LimitValue>,
}

/// A limit: a whole number, or `"none"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LimitValue(pub(crate) Option<u64>);

impl<'de> Deserialize<'de> for LimitValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Number(n)) => Ok(LimitValue(Some(n))),
            Ok(Raw::Text(t)) if t == "none" => Ok(LimitValue(None)),
            _ => Err(serde::de::Error::custom("a limit is a whole number of at least 0, or \"none\"")),
        }
    }
}

/// A severity in the config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    /// The code is not reported.
    Off,
    /// Reported; does not fail the check.
    Warning,
    /// Reported; fails the check.
    Error,
}

impl ConfigLimits {
    /// Sets the limits the table names; `none` for the line limit means no
    /// limit rather than "one less than max-bytes".
    pub(crate) fn apply(&self, limits: &mut batchlint::Limits) {
        for (value, slot) in [
            (self.min_records, &mut limits.min_records),
            (self.max_records, &mut limits.max_records),
            (self.max_bytes, &mut limits.max_bytes),
            (self.max_line_bytes, &mut limits.max_line_bytes),
        ] {
            if let Some(LimitValue(v)) = value {
                *slot = v;
            }
        }
        if self.max_line_bytes == Some(LimitValue(None)) {
            limits.max_line_bytes = Some(u64::MAX);
        }
    }
}

/// Reads an id pointer setting: `none` or a JSON Pointer.
pub(crate) fn parse_pointer(pointer: &str, source: &str) -> Result<Option<String>, Error> {
    match pointer {
        "none" | "" => Ok(None),
        p if p.starts_with('/') => Ok(Some(p.to_owned())),
        p => Err(Error::Usage(format!("{source} `{p}` is not a JSON Pointer: it must start with `/`, e.g. `/{p}`"))),
    }
}

impl CustomProfile {
    /// The profile `name` as the table defines it.
    pub(crate) fn build(&self, name: &str, config: &Config, path: &Path) -> Result<batchlint::Profile, Error> {
        let mut profile = batchlint::Profile::by_name(self.extends.as_deref().unwrap_or("generic"))?;
        profile.name = name.to_owned();
        if let Some(schema) = &self.schema {
            profile = profile.with_schema(batchlint::LineSchema::from_path(&config.root.join(schema))?);
        }
        if let Some(pointer) = &self.id_pointer {
            profile.id_pointer = parse_pointer(pointer, &format!("{}: [profiles.{name}] id-pointer", path.display()))?;
        }
        if let Some(uniform) = &self.uniform {
            for pointer in uniform {
                if parse_pointer(pointer, &format!("{}: [profiles.{name}] uniform", path.display()))?.is_none() {
                    return Err(Error::Usage(format!(
                        "{}: [profiles.{name}] uniform holds an empty pointer",
                        path.display()
                    )));
                }
            }
            profile.uniform.clone_from(uniform);
        }
        self.limits.apply(&mut profile.limits);
        Ok(profile)
    }
}

impl Config {
    /// Reads and parses a config file.
    pub(crate) fn read(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io { path: path.to_path_buf(), source: e })?;
        let mut config: Config = toml::from_str(&text)
            .map_err(|e| Error::Usage(format!("{}: {}", path.display(), e.to_string().trim_end())))?;
        config.root = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        config.severities(path)?;
        Ok(config)
    }

    /// The nearest config file at or above `start`.
    pub(crate) fn discover(start: &Path) -> Option<PathBuf> {
        start.ancestors().flat_map(|dir| FILE_NAMES.iter().map(move |name| dir.join(name))).find(|p| p.is_file())
    }

    /// The `[severity]` table as codes, checked.
    pub(crate) fn severities(&self, path: &Path) -> Result<BTreeMap<Code, Option<Severity>>, Error> {
        let mut out = BTreeMap::new();
        for (key, level) in &self.severity {
            let code = key.parse::<Code>().map_err(|_| {
                Error::Usage(format!(
                    "{}: [severity] names `{key}`, which is not a diagnostic code (see `batchlint rule` for the list)",
                    path.display()
                ))
            })?;
            let level = match level {
                Level::Off => None,
                Level::Warning => Some(Severity::Warning),
                Level::Error => Some(Severity::Error),
            };
            out.insert(code, level);
        }
        Ok(out)
    }

    /// Compiled `exclude` globs.
    pub(crate) fn excludes(&self, path: &Path) -> Result<globset::GlobSet, Error> {
        let mut set = globset::GlobSetBuilder::new();
        for pattern in &self.exclude {
            let glob = globset::GlobBuilder::new(pattern).literal_separator(true).build().map_err(|e| {
                Error::Usage(format!("{}: exclude pattern `{pattern}` is not a valid glob: {e}", path.display()))
            })?;
            set.add(glob);
        }
        set.build().map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        toml::from_str::<Config>(text).map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_config_parses() {
        let c = parse(
            r#"
profile = "sync"
schema = "line.schema.json"
id-pointer = "none"
exclude = ["fixtures/**"]
[limits]
max-records = 1000
max-bytes = "none"
[severity]
BL206 = "off"
blank-line = "warning"
"#,
        )
        .unwrap();
        assert_eq!(c.limits.max_records, Some(LimitValue(Some(1000))));
        assert_eq!(c.limits.max_bytes, Some(LimitValue(None)));
        let s = c.severities(Path::new("batchlint.toml")).unwrap();
        assert_eq!(s[&Code::UnknownKey], None);
        assert_eq!(s[&Code::BlankLine], Some(Severity::Warning));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        let e = parse("profil = \"sync\"").unwrap_err();
        assert!(e.contains("profil"), "{e}");
        let e = parse("[limits]\nmax-records = -3").unwrap_err();
        assert!(e.contains("whole number"), "{e}");
        let e = parse("[severity]\nBL206 = \"fatal\"").unwrap_err();
        assert!(e.contains("fatal"), "{e}");
        let c = parse("[severity]\nBL999 = \"off\"").unwrap();
        assert!(c.severities(Path::new("x.toml")).unwrap_err().to_string().contains("BL999"));
    }

    #[test]
    fn discovery_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(Config::discover(&deep), None);
        std::fs::write(dir.path().join(".batchlint.toml"), "").unwrap();
        assert_eq!(Config::discover(&deep), Some(dir.path().join(".batchlint.toml")));
    }
}
