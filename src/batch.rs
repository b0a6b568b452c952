//! Rules over the whole file: unique ids, record count and file size.
//!
//! These need every line in order, so they run on the ordered stream after
//! the parallel per-line stages.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::codes::{Message, batch};
use crate::diagnostic::{Diagnostic, Related, Span};
use crate::profile::Limits;
use crate::thousands;

/// The id of one record, as found by the per-line stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct IdFact {
    /// The id, tagged so that `"1"` and `1` differ: `s` + the unescaped
    /// string, or `j` + the JSON text of any other value. Inline up to 48
    /// bytes: no allocation per record for the usual ids.
    pub(crate) key: IdKey,
    /// Where the id's value is.
    pub(crate) span: Span,
    /// 1-based column of the value.
    pub(crate) column: u64,
}

impl IdFact {
    /// The id as shown in messages.
    pub(crate) fn display(key: &[u8]) -> String {
        let lossy = String::from_utf8_lossy(&key[1..]);
        let text = crate::text::printable(&lossy);
        let short: String = text.chars().take(60).collect();
        let cut = if short.len() < text.len() { "…" } else { "" };
        if key[0] == b's' { format!("`{short}{cut}`") } else { format!("{short}{cut}") }
    }
}

/// The bytes of an [`IdFact`]'s key.
pub(crate) type IdKey = smallvec::SmallVec<[u8; 48]>;

/// Size of one arena page.
const PAGE: usize = 1 << 20;
/// Entries start on multiples of this, so that a 31-bit address (in units
/// of it) reaches 8 GiB of arena, for 1.5 bytes of padding per entry on
/// average.
const ALIGN: usize = 4;
/// Addresses with this bit set index [`Generation::big`].
const BIG: u32 = 1 << 31;

/// The ids seen so far, stored compactly and compared exactly.
///
/// Each id is appended to a paged arena as `len, bytes, line, span start,
/// span length, column` (lengths and numbers as LEB128 varints); hash
/// tables ([`SHARDS`] of them) hold a [`Slot`] per entry: a 4-byte address
/// and 32 bits of the id's hash, so that growing a table never reads the
/// arena and a lookup reads it only for a likely match. A million 36-byte
/// ids take about 63 MB, where a `HashMap<String, _>` takes twice that; a
/// UUID takes 20 bytes less (stored as its 16 bytes: [`packed_uuid`]).
/// When the addresses of one generation run out (8 GiB of ids), a new
/// generation starts; lookups search all of them.
#[derive(Default)]
pub(crate) struct IdSet {
    generations: Vec<Generation>,
    hasher: DefaultHashBuilder,
    /// The entry being inserted (reused: no allocation per id).
    scratch: Vec<u8>,
}

/// One entry of the table: where the id is, and 32 bits of its hash.
#[derive(Clone, Copy)]
struct Slot {
    address: u32,
    hash: u32,
}

/// The table's hash of an id whose 32 hash bits are `bits`: spread over 64
/// bits, so that both the bucket (low bits) and the tag (high bits) vary.
fn table_hash(bits: u32) -> u64 {
    u64::from(bits).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The tables of a generation, chosen by the top bits of an id's hash: each
/// grows on its own, so that growing never holds two copies of all slots at
/// once (a million ids: 1.8 MB at a time instead of 28 MB).
const SHARDS: usize = 16;

/// One arena and its tables.
#[derive(Default)]
struct Generation {
    pages: Vec<Vec<u8>>,
    /// Entries larger than a page, each on its own.
    big: Vec<Box<[u8]>>,
    tables: [HashTable<Slot>; SHARDS],
}

/// The table of a generation that holds ids whose 32 hash bits are `bits`.
fn shard(bits: u32) -> usize {
    (bits >> (32 - SHARDS.trailing_zeros())) as usize
}

impl std::fmt::Debug for IdSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len: usize = self.generations.iter().flat_map(|g| &g.tables).map(HashTable::len).sum();
        f.debug_struct("IdSet").field("len", &len).finish()
    }
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
}

impl Generation {
    /// The entry's bytes (from its start to the end of its page) for `address`.
    fn entry<'a>(pages: &'a [Vec<u8>], big: &'a [Box<[u8]>], address: u32) -> &'a [u8] {
        if address & BIG != 0 {
            return &big[(address & !BIG) as usize];
        }
        let offset = address as usize * ALIGN;
        &pages[offset / PAGE][offset % PAGE..]
    }

    /// The id bytes of an entry, and the offset just past them.
    fn id(entry: &[u8]) -> (&[u8], usize) {
        let mut at = 0;
        let len = get_varint(entry, &mut at) as usize;
        (&entry[at..at + len], at + len)
    }

    fn find(&self, bits: u32, key: &[u8]) -> Option<&[u8]> {
        let (pages, big) = (&self.pages, &self.big);
        self.tables[shard(bits)]
            .find(table_hash(bits), |s| s.hash == bits && Self::id(Self::entry(pages, big, s.address)).0 == key)
            .map(|s| Self::entry(pages, big, s.address))
    }

    /// Stores `entry`; `None` when this generation's addresses are used up.
    fn insert(&mut self, bits: u32, entry: &[u8]) -> Option<()> {
        let address = if entry.len() > PAGE {
            let index = u32::try_from(self.big.len()).ok().filter(|i| i & BIG == 0)?;
            self.big.push(entry.into());
            index | BIG
        } else {
            let fits = self.pages.last().is_some_and(|p| p.len().next_multiple_of(ALIGN) + entry.len() <= PAGE);
            if !fits {
                self.pages.push(Vec::with_capacity(PAGE));
            }
            let index = self.pages.len() - 1;
            let page = &mut self.pages[index];
            page.resize(page.len().next_multiple_of(ALIGN), 0);
            let address = u32::try_from((index * PAGE + page.len()) / ALIGN).ok().filter(|a| a & BIG == 0)?;
            page.extend_from_slice(entry);
            address
        };
        self.tables[shard(bits)].insert_unique(table_hash(bits), Slot { address, hash: bits }, |s| table_hash(s.hash));
        Some(())
    }
}

/// The groups of hex digits in a UUID's canonical text, each but the last
/// followed by a dash.
const UUID_GROUPS: [std::ops::Range<usize>; 5] = [0..8, 9..13, 14..18, 19..23, 24..36];

/// For each byte: its value as a hex digit, with [`LOWER`] or [`UPPER`] for
/// a letter; [`NOT_HEX`] for any other byte.
const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = LOWER | (10 + i as u8);
        table[b'A' as usize + i] = UPPER | (10 + i as u8);
        i += 1;
    }
    table
};
/// In [`HEX`]: a lowercase letter.
const LOWER: u8 = 0x10;
/// In [`HEX`]: an uppercase letter.
const UPPER: u8 = 0x20;
/// In [`HEX`]: not a hex digit.
const NOT_HEX: u8 = 0x40;

/// A string key (`s` + text) whose text is a UUID in its canonical form
/// (36 characters, `8-4-4-4-12` hex digits, all lowercase or all
/// uppercase) packed as a tag of its case, `u` or `U`, and its 16 bytes:
/// 17 bytes stored instead of 37. Other keys are stored as they are. The
/// tags differ from the keys' own (`s`, `j`) and the case is kept, so two
/// keys are equal exactly when their stored forms are.
fn packed_uuid(key: &[u8]) -> Option<[u8; 17]> {
    let text: &[u8; 36] = key.strip_prefix(b"s")?.try_into().ok()?;
    if UUID_GROUPS[..4].iter().any(|group| text[group.end] != b'-') {
        return None;
    }
    let mut digits = [0u8; 32];
    let mut seen = 0;
    let mut at = 0;
    for group in &UUID_GROUPS {
        for &c in &text[group.clone()] {
            digits[at] = HEX[usize::from(c)];
            seen |= digits[at];
            at += 1;
        }
    }
    if seen & NOT_HEX != 0 || seen & (LOWER | UPPER) == LOWER | UPPER {
        return None;
    }
    let mut packed = [0u8; 17];
    packed[0] = if seen & UPPER != 0 { b'U' } else { b'u' };
    for (byte, pair) in packed[1..].iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (pair[0] & 0xF) << 4 | (pair[1] & 0xF);
    }
    Some(packed)
}

impl IdSet {
    /// Records `id` seen on `line`; returns where it was first seen if it is a repeat.
    pub(crate) fn insert(&mut self, id: &IdFact, line: u64) -> Option<Related> {
        let packed = packed_uuid(&id.key);
        let key = packed.as_ref().map_or(id.key.as_slice(), <[u8; 17]>::as_slice);
        let hash = self.hasher.hash_one(key);
        let bits = (hash >> 32) as u32 ^ hash as u32;
        if let Some(entry) = self.generations.iter().find_map(|g| g.find(bits, key)) {
            let (_, mut at) = Generation::id(entry);
            let first_line = get_varint(entry, &mut at);
            let start = get_varint(entry, &mut at);
            let len = get_varint(entry, &mut at);
            let column = get_varint(entry, &mut at);
            return Some(Related {
                line: first_line,
                column,
                span: Span { start, end: start + len },
                message: "first used here".to_owned(),
            });
        }
        let mut entry = std::mem::take(&mut self.scratch);
        entry.clear();
        put_varint(&mut entry, key.len() as u64);
        entry.extend_from_slice(key);
        put_varint(&mut entry, line);
        put_varint(&mut entry, id.span.start);
        put_varint(&mut entry, id.span.len());
        put_varint(&mut entry, id.column);
        if self.generations.is_empty() {
            self.generations.push(Generation::default());
        }
        let last = self.generations.len() - 1;
        if self.generations[last].insert(bits, &entry).is_none() {
            let mut fresh = Generation::default();
            fresh.insert(bits, &entry);
            self.generations.push(fresh);
        }
        if entry.capacity() <= 1 << 16 {
            self.scratch = entry;
        }
        None
    }
}

/// Counts of a finished file that the batch limits are checked against.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Totals {
    pub(crate) records: u64,
    pub(crate) bytes: u64,
    /// Line of the first record past `max_records`.
    pub(crate) first_record_over: Option<(u64, u64)>,
    /// Line on which the file passes `max_bytes`.
    pub(crate) first_line_over: Option<(u64, u64)>,
    /// The last line: where file-level diagnostics are reported.
    pub(crate) last_line: u64,
    pub(crate) last_line_start: u64,
}

fn at_end(message: Message, totals: &Totals) -> Diagnostic {
    let at = totals.last_line_start;
    Diagnostic::placed(message, totals.last_line, Span { start: at, end: at })
}

fn related_line((line, start): (u64, u64), message: String) -> Related {
    Related { line, column: 1, span: Span { start, end: start }, message }
}

/// The file-level diagnostics, reported at the file's last line.
pub(crate) fn limit_diagnostics(limits: &Limits, totals: &Totals) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(min) = limits.min_records.filter(|&m| totals.records < m) {
        out.push(at_end(batch::too_few_records(totals.records, min), totals));
    }
    if let Some(max) = limits.max_records.filter(|&m| totals.records > m) {
        let mut d = at_end(batch::too_many_records(totals.records, max), totals);
        if let Some(line) = totals.first_record_over {
            d = d.with_related(related_line(line, format!("record {} starts here", thousands(max + 1))));
        }
        out.push(d);
    }
    if let Some(max) = limits.max_bytes.filter(|&m| totals.bytes > m) {
        let mut d = at_end(batch::file_too_large(totals.bytes, max), totals);
        if let Some(line) = totals.first_line_over {
            d = d.with_related(related_line(line, "the file passes the limit on this line".to_owned()));
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, start: u64) -> IdFact {
        IdFact {
            key: format!("s{key}").into_bytes().into(),
            span: Span { start, end: start + key.len() as u64 + 2 },
            column: 15,
        }
    }

    #[test]
    fn repeats_name_the_first_line() {
        let mut set = IdSet::default();
        assert!(set.insert(&fact("a", 10), 1).is_none());
        assert!(set.insert(&fact("b", 50), 2).is_none());
        let r = set.insert(&fact("a", 90), 3).unwrap();
        assert_eq!((r.line, r.column, r.span.start), (1, 15, 10));
        for i in 0..10_000 {
            assert!(set.insert(&fact(&format!("id-{i}"), 100), 4 + i).is_none());
        }
        assert!(set.insert(&fact("id-9999", 0), 1).is_some());
    }

    #[test]
    fn ids_larger_than_a_page_are_kept_whole() {
        let mut set = IdSet::default();
        let huge = "x".repeat(3 << 20);
        assert!(set.insert(&fact(&huge, 0), 1).is_none());
        assert!(set.insert(&fact("small", 0), 2).is_none());
        assert_eq!(set.insert(&fact(&huge, 5), 3).map(|r| r.line), Some(1));
        let mut other = huge.clone();
        other.push('y');
        assert!(set.insert(&fact(&other, 0), 4).is_none());
    }

    #[test]
    fn uuids_are_packed_to_their_bytes_with_their_case() {
        let lower = packed_uuid(b"s00112233-4455-6677-8899-aabbccddeeff").unwrap();
        assert_eq!(lower[0], b'u');
        assert_eq!(
            lower[1..],
            [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]
        );
        let upper = packed_uuid(b"s00112233-4455-6677-8899-AABBCCDDEEFF").unwrap();
        assert_eq!((upper[0], &upper[1..]), (b'U', &lower[1..]));
        assert_eq!(packed_uuid(b"s00112233-4455-6677-8899-001122334455").unwrap()[0], b'u');
        for kept in [
            &b"s00112233-4455-6677-8899-aabbccddeeFF"[..],
            b"s00112233-4455-6677-8899-aabbccddeef",
            b"s00112233-4455-6677-8899-aabbccddeeff0",
            b"s001122334-455-6677-8899-aabbccddeeff",
            b"s00112233-4455-6677-8899-aabbccddeefg",
            b"j00112233-4455-6677-8899-aabbccddeeff",
        ] {
            assert_eq!(packed_uuid(kept), None, "{}", String::from_utf8_lossy(kept));
        }
    }

    #[test]
    fn a_uuid_repeats_only_in_the_same_text() {
        let mut set = IdSet::default();
        let lower = "9755d4c1-3a90-4931-cd44-7e35b8b6d8fe";
        let upper = lower.to_uppercase();
        let mixed = format!("{}{}", &lower[..30], &upper[30..]);
        assert!(set.insert(&fact(lower, 10), 1).is_none());
        assert!(set.insert(&fact(&upper, 20), 2).is_none());
        assert!(set.insert(&fact(&mixed, 30), 3).is_none());
        assert!(set.insert(&fact(&lower[..35], 40), 4).is_none());
        assert_eq!(set.insert(&fact(lower, 50), 5).map(|r| (r.line, r.span.start)), Some((1, 10)));
        assert_eq!(set.insert(&fact(&upper, 60), 6).map(|r| (r.line, r.span.start)), Some((2, 20)));
        assert_eq!(set.insert(&fact(&mixed, 70), 7).map(|r| (r.line, r.span.start)), Some((3, 30)));
    }

    proptest::proptest! {
        /// The set finds exactly the repeats a map of the ids' text finds,
        /// for ids that are UUIDs in either case, in mixed case, nearly
        /// UUIDs, or neither, each drawn many times.
        #[test]
        fn repeats_are_those_of_a_map_of_the_texts(
            pool in proptest::collection::vec(
                "[0-9a-fA-F]{8}-[0-9a-f]{4}-[0-9A-F]{4}-[0-9a-f]{4}-[0-9a-f]{11,13}|[0-9a-f-]{0,3}",
                1..6,
            ),
            picks in proptest::collection::vec((0..6usize, 0..3u8), 1..200),
        ) {
            let mut set = IdSet::default();
            let mut first = std::collections::HashMap::new();
            for (line, (pick, case)) in (1..).zip(picks) {
                let id = &pool[pick % pool.len()];
                let id = match case {
                    0 => id.clone(),
                    1 => id.to_uppercase(),
                    _ => id.to_lowercase(),
                };
                let expected = first.get(&id).copied();
                first.entry(id.clone()).or_insert(line);
                proptest::prop_assert_eq!(set.insert(&fact(&id, line), line).map(|r| r.line), expected);
            }
        }
    }

    #[test]
    fn strings_and_numbers_do_not_collide() {
        let mut set = IdSet::default();
        let s = IdFact { key: IdKey::from_slice(b"s1"), span: Span::default(), column: 1 };
        let n = IdFact { key: IdKey::from_slice(b"j1"), span: Span::default(), column: 1 };
        assert!(set.insert(&s, 1).is_none());
        assert!(set.insert(&n, 2).is_none());
    }
}
