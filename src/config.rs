//! Settings: a profile, the project's `batchlint.toml`, and overrides,
//! resolved into the [`Profile`] a run uses.
//!
//! The config file is found by walking up from a folder (`batchlint.toml` or
//! `.batchlint.toml`), or named. Overrides (command-line flags, keyword
//! arguments) win over the file; the file wins over the profile. Every front
//! end resolves its settings here, so they all agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{Code, Error, LineSchema, Profile, Severity};

/// The names a config file may have, in order of preference within a folder.
pub const FILE_NAMES: [&str; 2] = ["batchlint.toml", ".batchlint.toml"];

/// A config file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
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
    pub(crate) limits: LimitOverrides,
    /// The most diagnostics listed for one line.
    pub(crate) max_per_line: Option<usize>,
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
    pub(crate) limits: LimitOverrides,
}

/// Limits to set over a profile's (a config file's `[limits]` table, or
/// overrides); `None` leaves the profile's limit as it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct LimitOverrides {
    /// Fewest records a file may hold.
    pub min_records: Option<LimitValue>,
    /// Most records a file may hold.
    pub max_records: Option<LimitValue>,
    /// Largest file size in bytes, newlines included.
    pub max_bytes: Option<LimitValue>,
    /// Longest line in bytes, without its newline (no limit at all when set
    /// to `LimitValue(None)`, rather than one less than the file's).
    pub max_line_bytes: Option<LimitValue>,
}

/// A limit: a whole number, or `None` for no limit (`"none"` in the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitValue(pub Option<u64>);

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

impl LimitOverrides {
    /// Sets the limits this names; `none` for the line limit means no
    /// limit rather than "one less than max-bytes".
    pub fn apply(&self, limits: &mut crate::Limits) {
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

/// Reads an id pointer setting: `none` (or empty) for no id, or a JSON
/// Pointer. `source` names the setting in the error message.
///
/// # Errors
/// [`Error::Config`] when it is neither, naming `file` (if the setting is
/// from one) and `key`.
pub fn parse_pointer(pointer: &str, file: Option<&Path>, key: &str) -> Result<Option<String>, Error> {
    match pointer {
        "none" | "" => Ok(None),
        p if p.starts_with('/') => Ok(Some(p.to_owned())),
        p => {
            Err(Error::config(file, format!("{key} `{p}` is not a JSON Pointer: it must start with `/`, e.g. `/{p}`")))
        }
    }
}

impl CustomProfile {
    /// The profile `name` as the table defines it.
    pub(crate) fn build(&self, name: &str, config: &Config, path: &Path) -> Result<Profile, Error> {
        self.build_from(name, config, path, &mut vec![name])
    }

    /// [`CustomProfile::build`], with `chain` the custom profiles being
    /// built (`a` extends `b` extends `a` is refused).
    fn build_from<'c>(
        &self,
        name: &str,
        config: &'c Config,
        path: &Path,
        chain: &mut Vec<&'c str>,
    ) -> Result<Profile, Error> {
        let base = self.extends.as_deref().unwrap_or("generic");
        let mut profile = match config.profiles.get_key_value(base) {
            // `[profiles.sync] extends = "sync"` (or a bare `[profiles.generic]`):
            // a custom profile named as a built-in one starts from that one.
            Some((base, _)) if chain.contains(&base.as_str()) && Profile::by_name(base).is_ok() => {
                Profile::by_name(base)?
            }
            Some((base, _)) if chain.contains(&base.as_str()) => {
                return Err(Error::config(
                    Some(path),
                    format!(
                        "[profiles.{name}] extends `{base}`, which extends it in turn ({} → {base})",
                        chain.join(" → ")
                    ),
                ));
            }
            Some((base, custom)) => {
                chain.push(base);
                custom.build_from(base, config, path, chain)?
            }
            None => config.builtin_profile(base, path, Some(&format!("[profiles.{name}] extends")))?,
        };
        profile.name = name.to_owned();
        if let Some(schema) = &self.schema {
            profile = profile.with_schema(LineSchema::from_path(&config_schema(config, schema, path)?)?);
        }
        if let Some(pointer) = &self.id_pointer {
            profile.id_pointer = parse_pointer(pointer, Some(path), &format!("[profiles.{name}] id-pointer"))?;
        }
        if let Some(uniform) = &self.uniform {
            for pointer in uniform {
                if parse_pointer(pointer, Some(path), &format!("[profiles.{name}] uniform"))?.is_none() {
                    return Err(Error::config(Some(path), format!("[profiles.{name}] uniform holds an empty pointer")));
                }
            }
            profile.uniform.clone_from(uniform);
        }
        self.limits.apply(&mut profile.limits);
        Ok(profile)
    }
}

/// `path` made absolute with `.` and `..` resolved lexically (on Unix,
/// `std::path::absolute` keeps `..`: `/repo/sub/..` is not under `/repo`).
fn normalized(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in std::path::absolute(path).ok()?.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The largest config file read (a config is a few lines).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A config file's text: a regular file of at most [`MAX_CONFIG_BYTES`].
fn read_capped(path: &Path) -> Result<String, Error> {
    let bytes =
        crate::reader::read_regular_file(path, MAX_CONFIG_BYTES, "a config file").map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
                Error::config(Some(path), e.to_string())
            }
            _ => Error::Io { path: path.to_path_buf(), source: e },
        })?;
    String::from_utf8(bytes).map_err(|_| Error::config(Some(path), "a config file must be UTF-8"))
}

/// A `schema` of a config file, resolved against the config's folder. A
/// relative path must stay inside that folder (`../../elsewhere.json` is
/// refused): a schema from elsewhere is taken only when written as an
/// absolute path, which says that the user meant it.
fn config_schema(config: &Config, schema: &Path, config_path: &Path) -> Result<PathBuf, Error> {
    if schema.is_absolute() {
        return Ok(schema.to_path_buf());
    }
    let escapes = schema.components().try_fold(0usize, |depth, c| match c {
        std::path::Component::ParentDir => depth.checked_sub(1),
        std::path::Component::Normal(_) => Some(depth + 1),
        _ => Some(depth),
    });
    if escapes.is_none() {
        return Err(Error::config(
            Some(config_path),
            format!(
                "schema `{}` is outside the config file's folder; write it as an absolute path to use a schema from \
                 elsewhere",
                schema.display()
            ),
        ));
    }
    Ok(config.root.join(schema))
}

impl Config {
    /// Reads and parses a config file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read; [`Error::Config`] naming the file
    /// and the key when it is not a valid config.
    pub fn read(path: &Path) -> Result<Config, Error> {
        let text = read_capped(path)?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| Error::config(Some(path), e.to_string().trim_end()))?;
        config.root = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        config.severities(path)?;
        Ok(config)
    }

    /// The nearest config file at or above `start`, looking no higher than
    /// the repository's root (the first folder with `.git`) or the user's
    /// home folder, whichever comes first: a file in some parent folder of
    /// the project (another user's `/tmp/batchlint.toml`, say) must not
    /// turn its checks off.
    /// The path is relative when `start` is (`batchlint.toml`,
    /// `../batchlint.toml`), so that messages name it as the user would.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let absolute = normalized(start)?;
        let home = std::env::home_dir();
        let mut relative = if start == Path::new(".") { PathBuf::new() } else { start.to_path_buf() };
        for dir in absolute.ancestors() {
            if let Some(name) = FILE_NAMES.iter().find(|name| dir.join(name).is_file()) {
                return Some(if start.is_absolute() { dir.join(name) } else { relative.join(name) });
            }
            if dir.join(".git").exists() || home.as_deref() == Some(dir) {
                return None;
            }
            relative.push("..");
        }
        None
    }

    /// The built-in profile `name`; if there is none, an error listing the
    /// built-in profiles and this file's, naming the file and the key that
    /// asked for it (`asked_by`, e.g. `profile`) when a key did.
    fn builtin_profile(&self, name: &str, path: &Path, asked_by: Option<&str>) -> Result<Profile, Error> {
        Profile::by_name(name).map_err(|_| {
            let known: Vec<&str> =
                crate::BUILTINS.iter().map(|b| b.name).chain(self.profiles.keys().map(String::as_str)).collect();
            let hint = crate::suggest::did_you_mean(name, known.iter().copied())
                .map_or(String::new(), |n| format!("; did you mean `{n}`?"));
            let (file, what) = match asked_by {
                Some(key) => (Some(path), format!("`{key} = \"{name}\"`: no such profile")),
                None => (None, format!("unknown profile `{name}`")),
            };
            Error::config(file, format!("{what} (known: {}){hint}", known.join(", ")))
        })
    }

    /// The `[severity]` table as codes, checked.
    pub(crate) fn severities(&self, path: &Path) -> Result<BTreeMap<Code, Option<Severity>>, Error> {
        let mut out = BTreeMap::new();
        for (key, level) in &self.severity {
            let code = key.parse::<Code>().map_err(|_| {
                Error::config(
                    Some(path),
                    format!(
                        "[severity] names `{key}`, which is not a diagnostic code (see `batchlint rule` for the list)"
                    ),
                )
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
                Error::config(Some(path), format!("exclude pattern `{pattern}` is not a valid glob: {e}"))
            })?;
            set.add(glob);
        }
        set.build().map_err(|e| Error::config(Some(path), e.to_string()))
    }
}

/// Which config file a run reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// The nearest `batchlint.toml` or `.batchlint.toml` at or above this
    /// folder, if there is one (what the command line does from the current
    /// folder).
    Discover(PathBuf),
    /// This file.
    File(PathBuf),
    /// No config file.
    #[default]
    None,
}

/// What a run asks for, before it is resolved: a profile name, a schema, a
/// config file and overrides. `None` means "as the config file says, else
/// as the profile says".
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Settings {
    /// A built-in profile, or a custom one of the config file [default: the
    /// config's, else `sync`].
    pub profile: Option<String>,
    /// A line schema to use instead of the profile's.
    pub schema: Option<PathBuf>,
    /// The config file.
    pub config: ConfigChoice,
    /// Limits over the profile's and the config's.
    pub limits: LimitOverrides,
    /// JSON Pointer of the unique id, or `"none"`.
    pub id_pointer: Option<String>,
    /// The most diagnostics listed for one line.
    pub max_per_line: Option<usize>,
}

/// Settings resolved: the profile to run and the files to skip.
#[derive(Debug)]
#[non_exhaustive]
pub struct Resolved {
    /// The profile with the config file's settings and every override applied.
    pub profile: Profile,
    /// The config file's `exclude` globs, when there is a config file.
    pub excludes: Option<Excludes>,
    /// The config file in use, if any.
    pub config: Option<PathBuf>,
}

/// Files a run skips: globs relative to the config file's folder.
#[derive(Debug)]
pub struct Excludes {
    globs: globset::GlobSet,
    root: PathBuf,
}

impl Excludes {
    /// Whether `path` is excluded.
    pub fn matches(&self, path: &Path) -> bool {
        if self.globs.is_empty() {
            return false;
        }
        let (Some(path), Some(root)) = (normalized(path), normalized(&self.root)) else {
            return false;
        };
        path.strip_prefix(&root).is_ok_and(|relative| self.globs.is_match(relative))
    }
}

impl Settings {
    /// The config file in effect, if any, with its path.
    fn config(&self) -> Result<Option<(Config, PathBuf)>, Error> {
        let path = match &self.config {
            ConfigChoice::None => None,
            ConfigChoice::File(path) => Some(path.clone()),
            ConfigChoice::Discover(start) => Config::discover(start),
        };
        path.map(|p| Config::read(&p).map(|c| (c, p))).transpose()
    }

    /// The profile with the config file's settings and every override
    /// applied, and the files to exclude.
    ///
    /// # Errors
    /// [`Error::Config`] for an unknown profile, a bad pointer or limits that
    /// contradict each other; [`Error::Io`] or [`Error::Schema`] when the
    /// config or a schema cannot be read.
    pub fn resolve(&self) -> Result<Resolved, Error> {
        let config = self.config()?;
        let file = config.as_ref().map(|(c, p)| (c, p.as_path()));
        let name = self.profile.as_deref().or(file.and_then(|(c, _)| c.profile.as_deref())).unwrap_or("sync");
        let mut profile = match file {
            Some((c, path)) => match c.profiles.get(name) {
                Some(custom) => custom.build(name, c, path)?,
                // From the config's own `profile` key: name the file and the key.
                None => c.builtin_profile(name, path, self.profile.is_none().then_some("profile"))?,
            },
            None => Profile::by_name(name)?,
        };
        let schema = match (&self.schema, file) {
            (Some(path), _) => Some(path.clone()),
            (None, Some((c, path))) => c.schema.as_deref().map(|s| config_schema(c, s, path)).transpose()?,
            (None, None) => None,
        };
        if let Some(path) = schema {
            profile = profile.with_schema(LineSchema::from_path(&path)?);
        }
        if let Some((c, _)) = file {
            c.limits.apply(&mut profile.limits);
        }
        self.limits.apply(&mut profile.limits);
        let limits = &profile.limits;
        if let (Some(min), Some(max)) = (limits.min_records, limits.max_records)
            && min > max
        {
            return Err(Error::config(
                None,
                format!("the minimum of {min} records is larger than the maximum of {max}"),
            ));
        }
        match (&self.id_pointer, file) {
            (Some(p), _) => profile.id_pointer = parse_pointer(p, None, "the id pointer")?,
            (None, Some((c, path))) => {
                if let Some(p) = &c.id_pointer {
                    profile.id_pointer = parse_pointer(p, Some(path), "id-pointer")?;
                }
            }
            (None, None) => {}
        }
        if let Some(max) = self.max_per_line.or(file.and_then(|(c, _)| c.max_per_line)) {
            if max == 0 {
                return Err(Error::config(None, "max-per-line must be at least 1"));
            }
            profile.max_per_line = max;
        }
        let mut excludes = None;
        if let Some((c, path)) = file {
            profile.severities = c.severities(path)?;
            excludes = Some(Excludes { globs: c.excludes(path)?, root: c.root.clone() });
        }
        Ok(Resolved { profile, excludes, config: config.map(|(_, path)| path) })
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
    fn discovery_walks_up_to_the_repository_root_only() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("repo/a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir(dir.path().join("repo/.git")).unwrap();
        assert_eq!(Config::discover(&deep), None);
        // Above the repository: not looked at.
        std::fs::write(dir.path().join("batchlint.toml"), "").unwrap();
        assert_eq!(Config::discover(&deep), None);
        std::fs::write(dir.path().join("repo/.batchlint.toml"), "").unwrap();
        assert_eq!(Config::discover(&deep), Some(dir.path().join("repo/.batchlint.toml")));
        std::fs::write(dir.path().join("repo/a/batchlint.toml"), "").unwrap();
        assert_eq!(Config::discover(&deep), Some(dir.path().join("repo/a/batchlint.toml")));
        // From a relative start, a relative path.
        let here = std::env::current_dir().unwrap();
        let relative = pathdiff(&deep, &here);
        let found = Config::discover(&relative).unwrap();
        assert!(found.is_relative() && found.ends_with("../batchlint.toml"), "{}", found.display());
        assert_eq!(
            std::fs::canonicalize(found).unwrap(),
            std::fs::canonicalize(dir.path().join("repo/a/batchlint.toml")).unwrap()
        );
    }

    /// `path` relative to `base` (both absolute): `../../x` as needed.
    fn pathdiff(path: &Path, base: &Path) -> PathBuf {
        let common = path.components().zip(base.components()).take_while(|(a, b)| a == b).count();
        let mut out = PathBuf::new();
        for _ in base.components().skip(common) {
            out.push("..");
        }
        out.extend(path.components().skip(common));
        out
    }

    #[test]
    fn a_config_is_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("batchlint.toml");
        std::fs::write(&big, format!("# {}\n", "x".repeat(1 << 20))).unwrap();
        assert!(Config::read(&big).unwrap_err().to_string().contains("at most 1,048,576 bytes"));
        assert!(Config::read(dir.path()).unwrap_err().to_string().contains("must be a regular file"));
    }

    #[test]
    fn a_relative_schema_stays_in_the_config_s_folder() {
        let config = parse("").unwrap();
        let at = Path::new("proj/batchlint.toml");
        assert!(config_schema(&config, Path::new("schemas/../line.json"), at).is_ok());
        let err = config_schema(&config, Path::new("schemas/../../x.json"), at).unwrap_err().to_string();
        assert!(err.contains("schema `schemas/../../x.json` is outside the config file's folder"), "{err}");
        assert!(config_schema(&config, Path::new("/abs/x.json"), at).is_ok());
    }
}
