//! A plain, seekable copy of an input the writer cannot copy records out of
//! directly: standard input, and compressed files (decompressed on the way).

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::input::{Compression, Decoded};

/// A spooled copy of an input, removed when dropped (and with it the
/// output folder, if the spool created it and nothing else was put there).
#[derive(Debug)]
pub struct Spool {
    /// The copy.
    pub path: tempfile::TempPath,
    /// The compression the input was read through, if any.
    pub compression: Option<Compression>,
    /// The folder the spool created, if it did.
    created: Option<PathBuf>,
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some(dir) = &self.created {
            let _ = std::fs::remove_file(&self.path);
            // Only succeeds if the folder is empty: nothing of the user's is lost.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Copies `input`, decompressed if it is compressed, into a hidden temporary
/// file in `dir` (created if missing, so that chunks are then copied out of
/// a file on the same disk), or, with `dir` `None` (a plan, which must not
/// even create the output folder), into the system's temporary folder.
/// Ctrl-C stops the copy at its next read; the copy is then removed, and so
/// is `dir` if this created it and it is still empty.
///
/// # Errors
/// The I/O error of reading, decompressing or writing.
pub fn spool(input: impl Read, dir: Option<&Path>) -> io::Result<Spool> {
    let builder = tempfile::Builder::new().prefix(".batchlint-spool-").suffix(".tmp").clone();
    let created = dir.filter(|d| !d.exists());
    let spooled = (|| {
        let mut temp = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                builder.tempfile_in(dir)?
            }
            None => builder.tempfile()?,
        };
        let mut decoded = Decoded::new(crate::interrupt::Interruptible::new(input))?;
        io::copy(&mut decoded, temp.as_file_mut())?;
        temp.as_file().sync_all()?;
        Ok(Spool {
            path: temp.into_temp_path(),
            compression: decoded.compression(),
            created: created.map(Path::to_path_buf),
        })
    })();
    if spooled.is_err()
        && let Some(dir) = created
    {
        // Only succeeds if the folder is empty: nothing of the user's is lost.
        let _ = std::fs::remove_dir(dir);
    }
    spooled
}
