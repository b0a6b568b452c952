#!/usr/bin/env bash
# batchlint against its peers, side by side, in one run: one markdown table plus the ratios the
# performance targets are stated in, all computed from figures of the same run.
#
# The measuring is done by the shared benchmark kit (read-only, never copied here):
#   ${BATCHLINT_SHARED:-../shared}/bench   (relative to the repository root)
# which provides gen_corpus.py, setup.sh (peers + the "ceiling" program) and run_peers.sh (median of
# RUNS wall times, median peak RSS from /usr/bin/time -v). This script calls run_peers.sh once per
# row, with a narrow ONLY filter and TOOL_CMD / TOOL_SPLIT_CMD set to a batchlint command, and warms
# the page cache (cat CORPUS > /dev/null) right before each row.
set -uo pipefail

usage() {
  cat <<'EOF'
usage: bash benches/compare.sh [options]

Times batchlint and the peer tools on the same corpora in one run, prints one markdown table
(MB/s, records/s, peak RSS) and the target ratios, and writes the raw TSV next to it.

options:
  --setup          run the kit's setup.sh first (installs the Python/Node peers, builds the ceiling
                   program and jsonschema-cli under BENCH_DIR; ~10+ minutes the first time)
  --records N      records in the valid corpus (default 1000000 = valid_1m.jsonl, 563 MB); the mixed
                   corpus gets N/5 records (200k by default). Smaller N for smoke runs
  --runs N         runs per throughput row, the median is reported (default 3)
  --sruns N        runs per start-up row (default 10)
  --pruns N        runs per `perf stat -r` start-up row (default 200; 0 leaves those rows out)
  --linearity      also time a ~2 GB corpus (3.56 x N records; needs ~2 GB of disk and time)
  --no-peers       leave out jq and the Python / Node / check-jsonschema / jsonschema-cli peers
                   (cat, wc, GNU split and the ceiling program, when built, stay)
  --skip REGEX     leave out rows whose "tool mode" matches REGEX (grep -E)
  --no-mixed       leave out the mixed (1% invalid) corpus
  --profiles-only  only the per-profile rows: the built-in sync profile on the valid corpus and
                   `check --profile openai` on the OpenAI corpus (benches/gen_openai_corpus.py,
                   N records), and their ratio (no peers, no other rows or corpora)
  --out PREFIX     write PREFIX.md, PREFIX.tsv, PREFIX.log (default $BENCH_DIR/results/compare-<utc>)
  -h, --help       this help

environment:
  BATCHLINT        batchlint binary to measure (default: cargo build --profile dist here, fat LTO)
  BATCHLINT_REV    label for the commit measured when BATCHLINT is given (default: git describe of
                   the binary's folder if it is in a git work tree, else "unknown")
  BATCHLINT_SHARED folder holding bench/ (default ../shared, relative to the repository root)
  BENCH_DIR        corpora, peers, results (default ${TMPDIR:-/tmp}/batchlint-bench); the chunk
                   files of a split of the valid corpus are kept in BENCH_DIR/chunks_<N>/
  SHM_DIR          tmpfs folder for the two tmpfs rows (default /dev/shm/batchlint-bench): the valid
                   corpus is copied there for the run and removed at the end, with split's output
  RECORDS, RUNS, SRUNS, PYJS_SUBSET   as the options above; PYJS_SUBSET (default 100000) is how many
                   records python-jsonschema (~2k records/s) is timed on

The OpenAI corpus ($BENCH_DIR/openai_1m.jsonl by default: N chat-completions lines from
benches/gen_openai_corpus.py, about the sync corpus's line length) is timed with
`check --profile openai --max-records none --max-bytes none`; the notes give its MB/s divided by
the sync profile's MB/s on the valid corpus, of the same run (target: >= 0.8x).

Two more batchlint rows serve targets: `check` of the folder of chunk files that `batchlint split`
makes of the valid corpus (~2,000 files for 1M records; made once, cached), and, right after each
other on a tmpfs copy of the valid corpus, `check` and `split --no-sync` (whose output folder is on
tmpfs too), compared by wall time. They are left out, with a note, when SHM_DIR is not on tmpfs or
has too little room.

output: $BENCH_DIR/results/compare-<utc>.md (the tables) and .tsv (raw rows: a key, then the
kit's columns), with .meta, .notes and .log beside them.

exit status: 0 when every row ran (missed targets do not fail); 1 when a row failed (a tool
crashed, exited with an unexpected code, or produced no row); 2 on usage or build errors.
EOF
}

die() { echo "compare.sh: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARGS=("$@")
SETUP=0 LINEARITY=0 NO_PEERS=0 NO_MIXED=0 PROFILES_ONLY=0 SKIP="" OUTPREFIX=""
RECORDS="${RECORDS:-1000000}" RUNS="${RUNS:-3}" SRUNS="${SRUNS:-10}" PRUNS="${PRUNS:-200}" PYJS_SUBSET="${PYJS_SUBSET:-100000}"
while [ $# -gt 0 ]; do
  case "$1" in
    --setup) SETUP=1 ;;
    --linearity) LINEARITY=1 ;;
    --no-peers) NO_PEERS=1 ;;
    --no-mixed) NO_MIXED=1 ;;
    --profiles-only) PROFILES_ONLY=1 NO_PEERS=1 NO_MIXED=1 ;;
    --records) RECORDS="${2:?--records needs a number}"; shift ;;
    --records=*) RECORDS="${1#*=}" ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift ;;
    --runs=*) RUNS="${1#*=}" ;;
    --sruns) SRUNS="${2:?--sruns needs a number}"; shift ;;
    --sruns=*) SRUNS="${1#*=}" ;;
    --pruns) PRUNS="${2:?--pruns needs a number}"; shift ;;
    --pruns=*) PRUNS="${1#*=}" ;;
    --skip) SKIP="${2:?--skip needs a regex}"; shift ;;
    --skip=*) SKIP="${1#*=}" ;;
    --out) OUTPREFIX="${2:?--out needs a path prefix}"; shift ;;
    --out=*) OUTPREFIX="${1#*=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
for v in RECORDS RUNS SRUNS PRUNS PYJS_SUBSET; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, not '${!v}'"
done
[ "$RECORDS" -ge 100 ] || die "--records must be at least 100 (the mixed corpus gets N/5 records)"
[ "$RUNS" -ge 1 ] && [ "$SRUNS" -ge 1 ] || die "--runs and --sruns must be at least 1"
if [ "$PROFILES_ONLY" = 1 ]; then
  [ "$LINEARITY" = 0 ] && [ "$SETUP" = 0 ] || die "--profiles-only does not go with --linearity or --setup"
fi

KIT="$(cd "$ROOT" && realpath -m "${BATCHLINT_SHARED:-../shared}/bench")"
for f in run_peers.sh gen_corpus.py setup.sh batch-line.schema.json; do
  [ -f "$KIT/$f" ] || die "benchmark kit not found: $KIT/$f (set BATCHLINT_SHARED to the folder holding bench/)"
done
# Nothing from the caller's environment may change what run_peers.sh measures.
unset TOOL_CMD TOOL_SPLIT_CMD SCHEMA OUT RAYON_NUM_THREADS FORMATS ALL_ERRORS
SCHEMA="$KIT/batch-line.schema.json"
BENCH_DIR="$(realpath -m "${BENCH_DIR:-${TMPDIR:-/tmp}/batchlint-bench}")"
export BENCH_DIR
mkdir -p "$BENCH_DIR/results" || die "cannot create $BENCH_DIR"
for cmd in python3 /usr/bin/time split awk realpath; do command -v "$cmd" > /dev/null || die "needs $cmd"; done

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULT="$(realpath -m "${OUTPREFIX:-$BENCH_DIR/results/compare-$STAMP}")"
mkdir -p "$(dirname "$RESULT")" || die "cannot create $(dirname "$RESULT")"
RAW="$RESULT.tsv"
NOTES="$RESULT.notes"
LOG="$RESULT.log"
TMPD="$(mktemp -d "${TMPDIR:-/tmp}/bl-compare.XXXXXX")"
SHM_COPY="" # the tmpfs copy of the valid corpus, once made
shm_cleanup() { # the tmpfs copy and what the kit left beside it (split_out, peers_work, results)
  if [ -n "$SHM_COPY" ]; then
    rm -rf "$SHM_COPY" "$SHM_COPY.part" "$SHM_DIR/split_out" "$SHM_DIR/peers_work" "$SHM_DIR/results"
    rmdir "$SHM_DIR" 2> /dev/null
    SHM_COPY=""
  fi
  return 0
}
cleanup() { rm -rf "$TMPD"; shm_cleanup; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: > "$NOTES"
FAILS=0

say()  { echo "compare.sh: $*" >&2; }
note() { echo "$*" >> "$NOTES"; say "$*"; }
fail() { echo "FAILED: $*" >> "$NOTES"; say "FAILED: $*"; FAILS=$((FAILS + 1)); }
meta() { printf '%s\t%s\n' "$1" "$2" >> "$RESULT.meta"; }
: > "$RESULT.meta"
meta started "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null)"

# --- peers -------------------------------------------------------------------------------------
if [ "$SETUP" = 1 ]; then
  say "running $KIT/setup.sh (log: $LOG)"
  if ! bash "$KIT/setup.sh" >> "$LOG" 2>&1; then
    fail "setup.sh failed (see $LOG); going on with whatever is installed"
  fi
fi

# --- batchlint ---------------------------------------------------------------------------------
if [ -n "${BATCHLINT:-}" ]; then
  BL="$(realpath "$BATCHLINT")" || die "BATCHLINT=$BATCHLINT not found"
  [ -x "$BL" ] || die "BATCHLINT=$BL is not executable"
  if [ -z "${BATCHLINT_REV:-}" ]; then
    BATCHLINT_REV="$(git -C "$(dirname "$BL")" describe --always --dirty 2> /dev/null || echo unknown)"
  fi
else
  say "building batchlint (dist profile, fat LTO; log: $LOG)"
  (cd "$ROOT" && cargo build --profile dist --locked --bin batchlint) >> "$LOG" 2>&1 \
    || die "cargo build --profile dist failed (see $LOG); or set BATCHLINT=/path/to/batchlint"
  BL="$(realpath "${CARGO_TARGET_DIR:-$ROOT/target}/dist/batchlint")"
  BATCHLINT_REV="${BATCHLINT_REV:-$(git -C "$ROOT" describe --always --dirty 2> /dev/null || echo unknown)}"
fi
"$BL" --version > /dev/null 2>&1 || die "$BL --version failed"
meta batchlint "$BL"
meta batchlint_version "$("$BL" --version 2>&1 | head -n 1)"
meta commit "$BATCHLINT_REV"

# --- corpora -----------------------------------------------------------------------------------
name_of() { # records -> short name (1m, 200k, 2000)
  local n="$1"
  if [ $((n % 1000000)) = 0 ]; then echo "$((n / 1000000))m"
  elif [ $((n % 1000)) = 0 ]; then echo "$((n / 1000))k"
  else echo "$n"; fi
}
gen() { # OUT RECORDS SEED [extra gen_corpus args]
  local out="$1" n="$2" seed="$3"; shift 3
  [ -s "$out" ] && return 0
  say "generating $out ($n records)"
  python3 "$KIT/gen_corpus.py" --records "$n" --seed "$seed" --out "$out.part" "$@" 2>> "$LOG" \
    && mv "$out.part" "$out" || { rm -f "$out.part"; die "gen_corpus.py failed for $out (see $LOG)"; }
}
VALID="$BENCH_DIR/valid_$(name_of "$RECORDS").jsonl"
MIXED_N=$((RECORDS / 5))
MIXED="$BENCH_DIR/mixed_$(name_of "$MIXED_N").jsonl"
LABELS="${MIXED%.jsonl}.labels.tsv"
gen "$VALID" "$RECORDS" 1
# The OpenAI corpus: chat-completions lines, every one clean for the openai profile.
OPENAI="$BENCH_DIR/openai_$(name_of "$RECORDS").jsonl"
if [ ! -s "$OPENAI" ]; then
  say "generating $OPENAI ($RECORDS records)"
  python3 "$ROOT/benches/gen_openai_corpus.py" --records "$RECORDS" --seed 1 --out "$OPENAI.part" 2>> "$LOG" \
    && mv "$OPENAI.part" "$OPENAI" || { rm -f "$OPENAI.part"; die "gen_openai_corpus.py failed (see $LOG)"; }
fi
if [ "$NO_MIXED" = 0 ]; then
  [ -s "$LABELS" ] || rm -f "$MIXED"   # the labels come from the same generation
  gen "$MIXED" "$MIXED_N" 2 --invalid-rate 0.01 --labels "$LABELS"
fi
# A slice of the valid corpus for the linearity check: 100 MB of whole lines (a fifth of the
# corpus when that is smaller).
VB=$(stat -c %s "$VALID")
SLICE_BYTES=$((VB / 5 < 100000000 ? VB / 5 : 100000000))
SLICE="$BENCH_DIR/$(basename "${VALID%.jsonl}").slice$SLICE_BYTES.jsonl"
if [ ! -s "$SLICE" ] && [ "$PROFILES_ONLY" = 0 ]; then
  n=$(head -c "$SLICE_BYTES" "$VALID" | wc -l)
  head -n "$n" "$VALID" > "$SLICE.part" && mv "$SLICE.part" "$SLICE" || die "cannot write $SLICE"
fi
BIG=""
if [ "$LINEARITY" = 1 ]; then
  BIG_N=$((RECORDS * 356 / 100))
  if [ "$RECORDS" = 1000000 ]; then BIG="$BENCH_DIR/valid_2g.jsonl"; else BIG="$BENCH_DIR/valid_$(name_of "$BIG_N").jsonl"; fi
  need=$((VB * 356 / 100 / 1024 + 102400)) # KiB, plus 100 MiB of room
  avail=$(df -Pk "$BENCH_DIR" | awk 'NR == 2 {print $4}')
  if [ ! -s "$BIG" ] && [ "$avail" -lt "$need" ]; then
    fail "--linearity: $BIG needs $((need / 1024)) MiB, $BENCH_DIR has $((avail / 1024)) MiB free"
    BIG=""
  else
    gen "$BIG" "$BIG_N" 3
  fi
fi

# --- which rows can run ------------------------------------------------------------------------
CEIL="$BENCH_DIR/target/release/ceiling"
PY="$BENCH_DIR/venv/bin/python"
HAVE_CEIL=0 HAVE_JQ=0 HAVE_PYJS=0 HAVE_FJS=0 HAVE_AJV=0 HAVE_CJ=0 HAVE_JCLI=0
[ -x "$CEIL" ] && HAVE_CEIL=1
if [ "$NO_PEERS" = 0 ]; then
  command -v jq > /dev/null && HAVE_JQ=1
  [ -x "$PY" ] && "$PY" -c 'import jsonschema' 2> /dev/null && HAVE_PYJS=1
  [ -x "$PY" ] && "$PY" -c 'import fastjsonschema' 2> /dev/null && HAVE_FJS=1
  command -v node > /dev/null && [ -d "$BENCH_DIR/node/node_modules/ajv" ] \
    && [ -d "$BENCH_DIR/node/node_modules/ajv-formats" ] && HAVE_AJV=1
  [ -x "$BENCH_DIR/venv/bin/check-jsonschema" ] && HAVE_CJ=1
  [ -x "$BENCH_DIR/cargo-root/bin/jsonschema-cli" ] && HAVE_JCLI=1
fi
missing() { note "skipped: $1 is not installed (run with --setup)"; }
if [ "$NO_PEERS" = 1 ]; then note "skipped: jq and the Python / Node / CLI peers (--no-peers)"; else
  [ "$HAVE_JQ" = 1 ] || missing jq
  [ "$HAVE_PYJS" = 1 ] || missing "python jsonschema ($PY)"
  [ "$HAVE_FJS" = 1 ] || missing "python fastjsonschema ($PY)"
  [ "$HAVE_AJV" = 1 ] || missing "node ajv ($BENCH_DIR/node/node_modules)"
  [ "$HAVE_CJ" = 1 ] || missing "check-jsonschema"
  [ "$HAVE_JCLI" = 1 ] || missing "jsonschema-cli ($BENCH_DIR/cargo-root/bin)"
fi
[ "$HAVE_CEIL" = 1 ] || note "skipped: the ceiling program ($CEIL) is not built, nor the ratios to it (run with --setup)"

# --- measuring ---------------------------------------------------------------------------------
# batchlint reads batchlint.toml / .batchlint.toml found walking up from the current folder: measure
# from an empty folder so that no project's settings change what is checked.
cd "$TMPD" || die "cannot cd to $TMPD"
d="$PWD"
while :; do
  for f in batchlint.toml .batchlint.toml; do
    [ -e "$d/$f" ] && note "warning: $d/$f is in effect for the batchlint rows"
  done
  [ "$d" = / ] && break
  d="$(dirname "$d")"
done
Q() { printf "'%s'" "$1"; } # single-quote a path for run_peers.sh's sh -c
BLQ="$(Q "$BL")"
CHECK_SCHEMA="$BLQ check --format concise --max-diagnostics 0 --schema $(Q "$SCHEMA") '{}'"
CHECK_BUILTIN="$BLQ check --format concise --max-diagnostics 0 '{}'"
# No file limits: the corpus is one clean file of N records (the sync rows' two limit diagnostics
# cost nothing either way).
CHECK_OPENAI="$BLQ check --format concise --max-diagnostics 0 --profile openai --max-records none --max-bytes none '{}'"
ONE="env RAYON_NUM_THREADS=1"
# One core: the rayon worker and the ordered stage (reading, ids), which runs beside it on the main
# thread, share a single CPU. `RAYON_NUM_THREADS=1` alone still lets those two use two cores.
CORE="taskset -c 0 env RAYON_NUM_THREADS=1"
printf 'key\ttool\tmode\tinput\tbytes\trecords\truns\twall_s_median\tMB_s\trec_s\tpeak_rss_MiB\texit\n' > "$RAW"

# wanted KEY TOOL MODE: whether row() would run this row (--profiles-only, --skip); silent, for
# rows that need something prepared first
wanted() {
  if [ "$PROFILES_ONLY" = 1 ] && ! [[ "$1" =~ ^(bl_builtin|bl_openai)$ ]]; then return 1; fi
  if [ -n "$SKIP" ] && printf '%s %s\n' "$2" "$3" | grep -Eq -- "$SKIP"; then return 1; fi
  return 0
}
# row KEY TOOL MODE CORPUS ONLY_REGEX EXPECTED_EXIT_REGEX [VAR=VALUE ...]
#   runs the kit's row matching ONLY_REGEX ("name mode" as run_peers.sh names it) on CORPUS, with
#   the page cache warmed just before (ROW_WARM=PATH, a file or a folder of .jsonl files, warms
#   that instead); stores it under KEY, relabelled TOOL / MODE. A BENCH_DIR=... among the VAR=VALUE
#   args overrides the kit's BENCH_DIR for this row (its {out} is then BENCH_DIR/split_out); the
#   kit's stderr.log from there is appended to $BENCH_DIR/peers_work/stderr.log.
row() {
  local key="$1" tool="$2" mode="$3" corpus="$4" only="$5" expect="$6"; shift 6
  if [ "$PROFILES_ONLY" = 1 ] && ! [[ "$key" =~ ^(bl_builtin|bl_openai)$ ]]; then return 0; fi
  if [ -n "$SKIP" ] && printf '%s %s\n' "$tool" "$mode" | grep -Eq -- "$SKIP"; then
    note "skipped: $tool $mode (--skip)"; return 0
  fi
  local out="$TMPD/$key.tsv" line n a kbd="$BENCH_DIR" warm="${ROW_WARM:-$corpus}"
  for a in "$@"; do [[ "$a" == BENCH_DIR=* ]] && kbd="${a#BENCH_DIR=}"; done
  if [ -d "$warm" ]; then find "$warm" -maxdepth 1 -name '*.jsonl' -exec cat {} + > /dev/null; else cat "$warm" > /dev/null; fi
  env BENCH_DIR="$BENCH_DIR" RUNS="$RUNS" SRUNS="$SRUNS" PYJS_SUBSET=0 OUT="$out" "$@" \
    bash "$KIT/run_peers.sh" "$corpus" "$only" > /dev/null 2>> "$LOG"
  if [ "$kbd" != "$BENCH_DIR" ] && [ -f "$kbd/peers_work/stderr.log" ]; then
    mkdir -p "$BENCH_DIR/peers_work"
    cat "$kbd/peers_work/stderr.log" >> "$BENCH_DIR/peers_work/stderr.log" && rm -f "$kbd/peers_work/stderr.log"
  fi
  n=$(tail -n +2 "$out" 2> /dev/null | wc -l)
  if [ "$n" != 1 ]; then fail "$tool $mode on $(basename "$corpus"): run_peers.sh gave $n rows for '$only'"; return 0; fi
  line="$(tail -n 1 "$out")"
  IFS=$'\t' read -r _ _ input bytes recs runs wall mbs rps rss rc <<< "$line"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$key" "$tool" "$mode" "$input" "$bytes" "$recs" "$runs" "$wall" "$mbs" "$rps" "$rss" "$rc" >> "$RAW"
  printf 'compare.sh: %-28s %-34s %-28s %8s MB/s %9.1f ms %7s MiB  exit %s\n' \
    "$tool" "$mode" "$input" "$mbs" "$(awk -v w="$wall" 'BEGIN {print w * 1000}')" "$rss" "$rc" >&2
  if ! [[ "$rc" =~ ^($expect)$ ]]; then
    fail "$tool $mode on $input exited $rc (expected $expect; stderr in $BENCH_DIR/peers_work/stderr.log)"
  fi
}

# Order: the rows a target ratio compares run next to each other (the load of a shared machine
# drifts over minutes), the slow peers last. report.py groups the rows for display.
# check rows: exit 1 is expected on the big corpora (more than 500 records and 5,000,000 bytes break
# the file limits: two file-level diagnostics) and on the mixed corpus; 2 and up is a failure.
say "measuring $(basename "$VALID"): RUNS=$RUNS, SRUNS=$SRUNS, batchlint $BATCHLINT_REV (details: $LOG)"
row read cat "read" "$VALID" '^cat read$' 0
row wc "wc -l" "count lines" "$VALID" '^wc wc -l$' 0
if [ "$HAVE_CEIL" = 1 ]; then
  for m in read parse parse-ignored simd simd-borrowed validate1 validate2; do
    row "ceil_$m" ceiling "$m" "$VALID" "^ceiling $m\$" 0
  done
fi
row bl_schema batchlint "check --schema" "$VALID" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_SCHEMA"
# The chunk files a split of the valid corpus makes (500 records each: ~2,000 for 1M records), checked
# as one folder argument, right before the single file's row (their ratio is a target, >= 0.9x). The
# row's bytes and records are the valid corpus's: the chunks hold exactly its records (checked here).
# Made once per corpus by the binary measured and kept: they are plain data.
CHUNKS_MODE="check (built-in), the chunk files of its split"
if wanted bl_chunks batchlint "$CHUNKS_MODE"; then
  CHUNKS="$BENCH_DIR/chunks_$(name_of "$RECORDS")"
  if [ ! -f "$CHUNKS/manifest.json" ] || [ "$VALID" -nt "$CHUNKS/manifest.json" ]; then
    say "making $CHUNKS: batchlint split $(basename "$VALID") --no-sync"
    rm -rf "$CHUNKS"
    if ! "$BL" split "$VALID" --out-dir "$CHUNKS" --no-sync --force >> "$LOG" 2>&1 || [ ! -f "$CHUNKS/manifest.json" ]; then
      fail "batchlint split $VALID --out-dir $CHUNKS failed (see $LOG); no chunks row"
      rm -rf "$CHUNKS"; CHUNKS=""
    fi
  fi
  if [ -n "$CHUNKS" ]; then
    read -r CHUNKS_N CHUNKS_B < <(find "$CHUNKS" -maxdepth 1 -name '*.jsonl' -printf '%s\n' \
      | awk '{n++; b += $1} END {printf "%d %d\n", n, b}')
    meta chunks "$CHUNKS_N"
    if [ "$CHUNKS_B" != "$VB" ]; then
      note "warning: the $CHUNKS_N chunk files in $CHUNKS hold $CHUNKS_B bytes, $(basename "$VALID") $VB: the chunks row's MB/s counts the corpus's bytes (remove $CHUNKS to make them again)"
    fi
    ROW_WARM="$CHUNKS" row bl_chunks batchlint "$CHUNKS_MODE" "$VALID" '^tool TOOL_CMD$' 0 \
      TOOL_CMD="$BLQ check --format concise --max-diagnostics 0 $(Q "$CHUNKS")"
  fi
else
  row bl_chunks batchlint "$CHUNKS_MODE" "$VALID" '^tool TOOL_CMD$' 0 # only for the --skip note
fi
row bl_builtin batchlint "check (built-in sync profile)" "$VALID" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_BUILTIN"
# right after the sync profile's row: their ratio is a target (>= 0.8x, per byte)
row bl_openai batchlint "check --profile openai" "$OPENAI" '^tool TOOL_CMD$' 0 TOOL_CMD="$CHECK_OPENAI"
row bl_schema_1t batchlint "check --schema, 1 thread" "$VALID" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$ONE $CHECK_SCHEMA"
row bl_builtin_1t batchlint "check (built-in), 1 thread" "$VALID" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$ONE $CHECK_BUILTIN"
if command -v taskset > /dev/null; then
  row bl_schema_1c batchlint "check --schema, 1 core" "$VALID" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CORE $CHECK_SCHEMA"
  row bl_builtin_1c batchlint "check (built-in), 1 core" "$VALID" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CORE $CHECK_BUILTIN"
fi

# linearity: the same checks on a 100 MB slice (and, with --linearity, on the ~2 GB corpus)
row lin_schema_slice batchlint "check --schema" "$SLICE" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_SCHEMA"
row lin_builtin_slice batchlint "check (built-in sync profile)" "$SLICE" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_BUILTIN"
if [ -n "$BIG" ]; then
  [ "$HAVE_CEIL" = 1 ] && row lin_ceil_big ceiling validate2 "$BIG" '^ceiling validate2$' 0
  row lin_schema_big batchlint "check --schema" "$BIG" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_SCHEMA"
  row lin_builtin_big batchlint "check (built-in sync profile)" "$BIG" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_BUILTIN"
fi

# split: run_peers.sh empties {out} (rm -rf + mkdir, not timed) before every run, so batchlint
# always writes into an empty folder; --force is a no-op there and only guards a stale manifest.
row split_C "GNU split" "-C 5M" "$VALID" '^split -C 5M$' 0
row bl_split batchlint "split (built-in profile)" "$VALID" '^tool TOOL_SPLIT_CMD$' 0 \
  TOOL_SPLIT_CMD="$BLQ split '{}' --out-dir '{out}' --force"
row bl_split_nosync batchlint "split --no-sync" "$VALID" '^tool TOOL_SPLIT_CMD$' 0 \
  TOOL_SPLIT_CMD="$BLQ split '{}' --out-dir '{out}' --force --no-sync"
row split_l "GNU split" "-l 500" "$VALID" '^split -l 500$' 0
# split --no-sync against check of the same file, both on tmpfs, right after each other (their wall
# times' ratio is a target, <= 1.25x): the corpus is copied to SHM_DIR once, and the split row's
# BENCH_DIR is SHM_DIR so that its {out} (BENCH_DIR/split_out) is on tmpfs too. All of it is removed
# at exit (cleanup).
SHM_CHECK_MODE="check (built-in), on tmpfs" SHM_SPLIT_MODE="split --no-sync, on tmpfs"
if wanted bl_check_shm batchlint "$SHM_CHECK_MODE" || wanted bl_split_shm batchlint "$SHM_SPLIT_MODE"; then
  SHM_DIR="$(realpath -m "${SHM_DIR:-/dev/shm/batchlint-bench}")"
  shm_parent="$SHM_DIR"
  while [ ! -d "$shm_parent" ] && [ "$shm_parent" != / ]; do shm_parent="$(dirname "$shm_parent")"; done
  shm_fs="$(stat -f -c %T "$shm_parent" 2> /dev/null)"
  # room for the copy, split's output (as big) and 64 MiB, in the tmpfs and in memory
  need=$((2 * VB / 1024 + 65536)) # KiB
  avail=$(df -Pk "$shm_parent" 2> /dev/null | awk 'NR == 2 {print $4}')
  [ -f "$SHM_DIR/$(basename "$VALID")" ] && avail=$((avail + $(stat -c %s "$SHM_DIR/$(basename "$VALID")") / 1024))
  mem=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2> /dev/null)
  if [ "$SHM_DIR" = "$BENCH_DIR" ] || [[ "$BENCH_DIR/" == "$SHM_DIR/"* ]]; then
    note "skipped: the tmpfs rows (SHM_DIR=$SHM_DIR holds BENCH_DIR; give it a folder of its own)"
  elif ! [[ "$shm_fs" =~ ^(tmpfs|ramfs)$ ]]; then
    note "skipped: the tmpfs rows ($shm_parent is ${shm_fs:-missing}, not tmpfs; set SHM_DIR to a tmpfs folder)"
  elif [ "${avail:-0}" -lt "$need" ] || [ "${mem:-0}" -lt "$need" ]; then
    note "skipped: the tmpfs rows (they need $((need / 1024)) MiB; $shm_parent has $((${avail:-0} / 1024)) MiB free, memory $((${mem:-0} / 1024)) MiB available)"
  elif ! mkdir -p "$SHM_DIR"; then
    note "skipped: the tmpfs rows (cannot create $SHM_DIR)"
  else
    SHM_COPY="$SHM_DIR/$(basename "$VALID")"
    say "copying $(basename "$VALID") to $SHM_DIR (tmpfs)"
    if cp "$VALID" "$SHM_COPY.part" && mv "$SHM_COPY.part" "$SHM_COPY"; then
      row bl_check_shm batchlint "$SHM_CHECK_MODE" "$SHM_COPY" '^tool TOOL_CMD$' '0|1' TOOL_CMD="$CHECK_BUILTIN"
      row bl_split_shm batchlint "$SHM_SPLIT_MODE" "$SHM_COPY" '^tool TOOL_SPLIT_CMD$' 0 \
        BENCH_DIR="$SHM_DIR" TOOL_SPLIT_CMD="$BLQ split '{}' --out-dir '{out}' --force --no-sync"
    else
      rm -f "$SHM_COPY.part"
      fail "cannot copy $VALID to $SHM_DIR; no tmpfs rows"
    fi
    shm_cleanup
  fi
else
  # only for the --skip notes
  row bl_check_shm batchlint "$SHM_CHECK_MODE" "$VALID" '^tool TOOL_CMD$' '0|1'
  row bl_split_shm batchlint "$SHM_SPLIT_MODE" "$VALID" '^tool TOOL_SPLIT_CMD$' 0
fi

# start-up: the kit's 20-record sample (the first 20 lines of the corpus), SRUNS runs
row st_cat cat "start-up, 20 records" "$VALID" '^cat startup-20rec$' 0
row st_bl_schema batchlint "start-up, check --schema" "$VALID" '^tool startup-20rec$' 0 TOOL_CMD="$CHECK_SCHEMA"
row st_bl_builtin batchlint "start-up, check (built-in)" "$VALID" '^tool startup-20rec$' 0 TOOL_CMD="$CHECK_BUILTIN"
[ "$HAVE_CEIL" = 1 ] && row st_ceil "ceiling validate1" "start-up, 20 records" "$VALID" '^ceiling-validate1 startup' 0
[ "$HAVE_JCLI" = 1 ] && row st_jcli "jsonschema-cli" "start-up, 20 records as an array" "$VALID" '^jsonschema-cli-array ' 0
[ "$HAVE_JQ" = 1 ] && row st_jq jq "start-up, 20 records" "$VALID" '^jq startup-20rec$' 0
[ "$HAVE_FJS" = 1 ] && row st_fjs "python fastjsonschema" "start-up, 20 records" "$VALID" '^py-fastjsonschema startup' 0
[ "$HAVE_PYJS" = 1 ] && row st_pyjs "python jsonschema" "start-up, 20 records" "$VALID" '^py-jsonschema startup' 0
[ "$HAVE_AJV" = 1 ] && row st_ajv "node ajv" "start-up, 20 records" "$VALID" '^node-ajv startup' 0
[ "$HAVE_CJ" = 1 ] && row st_cj "check-jsonschema" "start-up, 20 records as an array" "$VALID" '^check-jsonschema-array ' 0

# start-up again, each command timed alone by `perf stat -r PRUNS` (mean wall time, the command run
# straight from perf: no shell or /usr/bin/time around it, which the rows above pay for), on the
# same 20-record sample the kit made; the start-up targets are judged on these rows.
pstat() { # KEY TOOL MODE INPUT CMD...
  local key="$1" tool="$2" mode="$3" input="$4"; shift 4
  [ "$PROFILES_ONLY" = 1 ] && return 0
  wanted "$key" "$tool" "$mode" || { note "skipped: $tool $mode (--skip)"; return 0; }
  local wall bytes
  wall=$(perf stat -r "$PRUNS" "$@" 2>&1 > /dev/null < /dev/null | awk '/seconds time elapsed/ {print $1}')
  if ! [[ "$wall" =~ ^[0-9.]+$ ]]; then fail "perf stat -r $PRUNS of $tool $mode gave no time"; return 0; fi
  bytes=$(wc -c < "$input")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$tool" "$mode" "$(basename "$input")" \
    "$bytes" 20 "$PRUNS" "$wall" "$(awk -v b="$bytes" -v w="$wall" 'BEGIN {printf "%.1f", b / w / 1e6}')" \
    "$(awk -v w="$wall" 'BEGIN {printf "%.0f", 20 / w}')" "—" 0 >> "$RAW"
  say "$(printf '%-28s %-34s %-28s %9.2f ms' "$tool" "$mode" "$(basename "$input")" "$(awk -v w="$wall" 'BEGIN {print w * 1000}')")"
}
PWORK="$BENCH_DIR/peers_work"
if [ "$PRUNS" -gt 0 ] && [ -f "$PWORK/small_20.jsonl" ] && perf stat -r 1 true > /dev/null 2>&1; then
  PMODE="start-up, perf stat -r $PRUNS"
  pstat pst_cat cat "$PMODE" "$PWORK/small_20.jsonl" cat "$PWORK/small_20.jsonl"
  pstat pst_bl_schema batchlint "$PMODE, check --schema" "$PWORK/small_20.jsonl" \
    "$BL" check --format concise --max-diagnostics 0 --schema "$SCHEMA" "$PWORK/small_20.jsonl"
  pstat pst_bl_builtin batchlint "$PMODE, check (built-in)" "$PWORK/small_20.jsonl" \
    "$BL" check --format concise --max-diagnostics 0 "$PWORK/small_20.jsonl"
  [ "$HAVE_JCLI" = 1 ] && pstat pst_jcli jsonschema-cli "$PMODE, 20 records as an array" \
    "$PWORK/small_20.array.json" "$BENCH_DIR/cargo-root/bin/jsonschema-cli" validate --assert-format --offline \
    "$PWORK/batch-array.schema.json" -i "$PWORK/small_20.array.json"
  # The kit's array schema leaves out the line schema's `$id`, which `check --schema` reads: the
  # draft's meta-schema checks an `$id` against a pattern whose regular expression is compiled at
  # first use. The same array schema with that `$id` at its root, for the comparison with it.
  if [ "$HAVE_JCLI" = 1 ] && python3 - "$SCHEMA" "$PWORK/batch-array.schema.json" "$PWORK/batch-array-id.schema.json" <<'PY'
import json, sys
line, array, out = sys.argv[1:4]
line_id = json.load(open(line)).get("$id")
if line_id is None:
    sys.exit(1)
schema = json.load(open(array))
json.dump({"$id": line_id, **schema}, open(out, "w"), indent=1)
PY
  then
    pstat pst_jcli_id jsonschema-cli "$PMODE, 20 records as an array, the schema's \$id kept" \
      "$PWORK/small_20.array.json" "$BENCH_DIR/cargo-root/bin/jsonschema-cli" validate --assert-format --offline \
      "$PWORK/batch-array-id.schema.json" -i "$PWORK/small_20.array.json"
  fi
elif [ "$PRUNS" -gt 0 ]; then
  note "skipped: the perf stat start-up rows (perf stat does not run here, or the kit made no 20-record sample)"
fi

# the mixed corpus: errors cost diagnostics
if [ "$NO_MIXED" = 0 ]; then
  [ "$HAVE_CEIL" = 1 ] && row ceil_validate2_mixed ceiling validate2 "$MIXED" '^ceiling validate2$' 0
  row bl_schema_mixed batchlint "check --schema" "$MIXED" '^tool TOOL_CMD$' 1 TOOL_CMD="$CHECK_SCHEMA"
  row bl_builtin_mixed batchlint "check (built-in sync profile)" "$MIXED" '^tool TOOL_CMD$' 1 TOOL_CMD="$CHECK_BUILTIN"
  [ "$HAVE_AJV" = 1 ] && row ajv_mixed "node ajv" "Ajv2020 + formats" "$MIXED" '^node-ajv Ajv2020\+formats$' 0
  [ "$HAVE_FJS" = 1 ] && row fjs_mixed "python fastjsonschema" "compiled once" "$MIXED" '^py-fastjsonschema compile once$' 0
fi

# the slow peers on the valid corpus, last
[ "$HAVE_AJV" = 1 ] && row ajv "node ajv" "Ajv2020 + formats" "$VALID" '^node-ajv Ajv2020\+formats$' 0
[ "$HAVE_FJS" = 1 ] && row fjs "python fastjsonschema" "compiled once" "$VALID" '^py-fastjsonschema compile once$' 0
[ "$HAVE_JQ" = 1 ] && row jq jq "jq -c . (parse only)" "$VALID" '^jq jq -c \.$' 0
[ "$HAVE_PYJS" = 1 ] && row pyjs "python jsonschema" "Draft202012Validator (on a subset)" "$VALID" \
  '^py-jsonschema Draft' 0 PYJS_SUBSET="$PYJS_SUBSET"

# --- what was found (one untimed run each): the figures are only worth something if the work was done
found() { # KEY CORPUS [batchlint args]: distinct lines with an error, and diagnostics per code
  local key="$1" c="$2"; shift 2
  "$BL" check --format concise "$@" "$c" > "$TMPD/found.out" 2> "$TMPD/found.err"
  local rc=$?
  [ "$rc" -le 1 ] || { fail "batchlint check $* $(basename "$c") exited $rc: $(head -c 300 "$TMPD/found.err")"; return 0; }
  local lines codes
  # lines: distinct lines with a line-level error (BL401-BL403 are file-level: left out)
  lines=$(cat "$TMPD/found.out" "$TMPD/found.err" | grep -E ':[0-9]+:[0-9]+: error\[' \
    | grep -vE 'error\[BL40[123]\]' | cut -d: -f2 | sort -u | wc -l)
  codes=$(cat "$TMPD/found.out" "$TMPD/found.err" | grep -oE '(error|warning)\[[A-Z0-9]+\]' | sort | uniq -c \
    | awk '{printf "%s%s %s", sep, $2, $1; sep = ", "}')
  printf 'found\t%s\t%s\t%s\t%s\n' "$key" "$(basename "$c")" "$lines" "${codes:-none}" >> "$RESULT.meta"
}
[ "$PROFILES_ONLY" = 0 ] && found valid_schema "$VALID" --schema "$SCHEMA"
found valid_builtin "$VALID"
found valid_openai "$OPENAI" --profile openai --max-records none --max-bytes none
if [ "$NO_MIXED" = 0 ]; then
  found mixed_schema "$MIXED" --schema "$SCHEMA"
  found mixed_builtin "$MIXED"
  meta labels "$(awk -F'\t' '{n[$2]++; t++} END {printf "%d lines:", t; for (k in n) printf " %s %d", k, n[k]}' "$LABELS")"
fi
# The per-profile ratio, per byte: report.py lists the row; its ratio goes to the notes.
profile_ratio() { # KEY LABEL TARGET
  local r x o oi b bi
  r=$(awk -F'\t' -v k="$1" '$1 == "bl_builtin" {b = $9; bi = $4} $1 == k {o = $9; oi = $4}
    END {if (b > 0 && o > 0) printf "%.2f\t%s\t%s\t%s\t%s", o / b, o, oi, b, bi}' "$RAW")
  [ -n "$r" ] || { note "$2 ÷ the sync profile, MB/s: not measured"; return 0; }
  IFS=$'\t' read -r x o oi b bi <<< "$r"
  local verdict=met
  awk -v x="$x" -v t="$3" 'BEGIN {exit !(x < t)}' && verdict="**missed**"
  note "$2 on $oi ÷ the built-in sync profile on $bi, MB/s: $o ÷ $b = ${x}× (target ≥ $3×: $verdict)"
}
profile_ratio bl_openai '`check --profile openai`' 0.8
meta loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null)"
meta machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sm)"
meta runs "$RUNS"
meta sruns "$SRUNS"
meta pruns "$PRUNS"
meta command "bash benches/compare.sh${ARGS[*]:+ ${ARGS[*]}}"

python3 "$ROOT/benches/report.py" "$RAW" "$RESULT.meta" "$NOTES" > "$RESULT.md" || { fail "report.py failed"; }
cat "$RESULT.md"
say "table: $RESULT.md; raw rows: $RAW; log: $LOG"
if [ "$FAILS" -gt 0 ]; then say "$FAILS failure(s), see above"; exit 1; fi
exit 0
