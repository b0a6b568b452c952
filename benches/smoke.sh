#!/usr/bin/env bash
# Keeps benches/compare.sh working: the whole pipeline on a tiny corpus (2,000 records, one run per
# row, no peers but cat, wc, GNU split and the ceiling program when it is built), then checks that
# every batchlint row and every ratio came out. The figures mean nothing; only the exit status does.
#
#   bash benches/smoke.sh               # builds batchlint in debug (cheap after `cargo test`)
#   BATCHLINT=path/to/batchlint bash benches/smoke.sh
#
# Needs python3 and the benchmark kit at ${BATCHLINT_SHARED:-../shared}/bench (from the repository
# root). Corpora go to ${BENCH_DIR:-${TMPDIR:-/tmp}/batchlint-bench} (a few hundred kilobytes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ -z "${BATCHLINT:-}" ]; then
  (cd "$ROOT" && cargo build --quiet --locked --bin batchlint)
  BATCHLINT="${CARGO_TARGET_DIR:-$ROOT/target}/debug/batchlint"
fi
export BATCHLINT
export BATCHLINT_REV="${BATCHLINT_REV:-smoke}"

OUTD="$(mktemp -d "${TMPDIR:-/tmp}/bl-smoke.XXXXXX")"
trap 'rm -rf "$OUTD"' EXIT
rc=0
bash "$ROOT/benches/compare.sh" --records 2000 --runs 1 --sruns 1 --no-peers --out "$OUTD/r" \
  > "$OUTD/stdout" 2> "$OUTD/stderr" || rc=$?
if [ "$rc" != 0 ]; then
  cat "$OUTD/stderr" "$OUTD/stdout" >&2
  echo "smoke: compare.sh exited $rc" >&2
  exit 1
fi

bad=0
for key in bl_schema bl_builtin bl_schema_1t bl_builtin_1t split_C bl_split st_bl_schema st_bl_builtin \
  lin_schema_slice bl_schema_mixed bl_builtin_mixed; do
  if ! awk -F'\t' -v k="$key" '$1 == k && $9 != "" && $11 != "" {found = 1} END {exit !found}' "$OUTD/r.tsv"; then
    echo "smoke: no row '$key' in the raw TSV" >&2; bad=1
  fi
done
for fig in 'built-in profile ÷ `check --schema`' 'threads ÷ 1 thread' 'start-up, `check --schema`' \
  '`split` ÷ GNU `split -C 5M`' 'peak RSS on'; do
  if ! grep -F -- "$fig" "$OUTD/r.md" | grep -qE '\| [0-9.]+( ms|×| MiB)'; then
    echo "smoke: no value for the ratio '$fig' in the table" >&2; bad=1
  fi
done
if [ "$bad" != 0 ]; then cat "$OUTD/stdout" >&2; exit 1; fi
echo "smoke: compare.sh works ($(tail -n +2 "$OUTD/r.tsv" | wc -l) rows)"
