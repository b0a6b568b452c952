//! Interruption (Ctrl-C, SIGTERM) of the commands that write files. A front
//! end that catches the signal records it in [`flag`]; the readers of `split`
//! and `fix` then fail at their next read, so the run unwinds the ordinary
//! way and removes every temporary file it made, and the front end exits
//! with 128 + the signal's number. Nothing is caught unless a front end asks
//! (the command line does, for `split` and `fix`; a library caller may
//! store a signal number in [`flag`] to stop a run from another thread, and
//! must store 0 again before the next run).

use std::io::{self, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// The number of the signal that asked the run to stop, or 0.
#[must_use]
pub fn flag() -> &'static Arc<AtomicUsize> {
    static FLAG: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicUsize::new(0)))
}

/// The signal that asked the run to stop, if one did.
#[must_use]
pub fn requested() -> Option<usize> {
    match flag().load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// A reader that fails once a stop was requested.
pub(crate) struct Interruptible<R> {
    inner: R,
    flag: Arc<AtomicUsize>,
}

impl<R> Interruptible<R> {
    /// `inner`, failing once [`flag`] holds a signal.
    pub(crate) fn new(inner: R) -> Self {
        Interruptible { inner, flag: Arc::clone(flag()) }
    }
}

/// The error an interrupted read gives.
fn interrupted() -> io::Error {
    // Not `ErrorKind::Interrupted`: readers retry that one.
    io::Error::other("interrupted")
}

impl<R: Read> Read for Interruptible<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.flag.load(Ordering::SeqCst) != 0 {
            return Err(interrupted());
        }
        self.inner.read(buf)
    }
}

impl<R: Seek> Seek for Interruptible<R> {
    fn seek(&mut self, position: SeekFrom) -> io::Result<u64> {
        self.inner.seek(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fail_once_a_stop_is_requested() {
        // Its own flag: the process-wide one would stop the other tests.
        let mut reader = Interruptible { inner: &b"abc"[..], flag: Arc::new(AtomicUsize::new(0)) };
        let mut buf = [0; 1];
        assert_eq!(reader.read(&mut buf).unwrap(), 1);
        reader.flag.store(15, Ordering::SeqCst);
        let err = reader.read(&mut buf).unwrap_err();
        assert_eq!((err.kind(), err.to_string()), (io::ErrorKind::Other, "interrupted".to_owned()));
    }
}
