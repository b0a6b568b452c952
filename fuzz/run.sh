#!/usr/bin/env bash
# Runs each fuzz target for SECONDS seconds (default 60), one after another,
# seeded from testdata/. Needs cargo-fuzz (`cargo install cargo-fuzz --locked`);
# RUSTC_BOOTSTRAP=1 lets a stable toolchain take libFuzzer's nightly flags.
#
#   fuzz/run.sh 300                   # every target, 5 minutes each
#   fuzz/run.sh 60 reader plan        # some targets
#   SANITIZER=address fuzz/run.sh 60  # with AddressSanitizer (default: none)
#   FUZZ_BUILD=dev fuzz/run.sh 20     # build at opt-level 1: half the build time, for short runs (CI)
#
# New inputs that reach new code go to fuzz/corpus/TARGET (kept between runs,
# not committed). A crash stops that target's run, leaves the input in
# fuzz/artifacts/TARGET/, prints the report and makes the script fail; replay
# it with `RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none TARGET FILE`
# (from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(reader record file plan)
# batchlint forbids unsafe code: AddressSanitizer would only watch the
# dependencies' unsafe code, for a slower build and half the speed.
sanitizer=${SANITIZER:-none}
# release (default): opt-level 3, debug assertions on; dev: opt-level 1 (see
# fuzz/Cargo.toml), builds in about half the time, runs slower.
flags=(--sanitizer "$sanitizer")
[ "${FUZZ_BUILD:-release}" = dev ] && flags+=(--dev)

# Seeds: the rule fixtures and valid files whole (reader, file), one record
# per file without its newline (record), the JSONTestSuite (record).
seeds=fuzz/corpus/_seeds
rm -rf "$seeds" && mkdir -p "$seeds/record"
for f in testdata/rules/*.jsonl testdata/valid/*.jsonl testdata/examples/*.jsonl; do
    awk -v out="$seeds/record/$(basename "$f" .jsonl)" \
        '{ f = sprintf("%s-%04d", out, NR); printf "%s", $0 > f; close(f) }' "$f"
done
seed_dirs() {
    case "$1" in
        reader | file) echo testdata/rules testdata/valid testdata/examples ;;
        record) echo "$seeds/record" testdata/JSONTestSuite/test_parsing ;;
        *) ;;
    esac
}

cargo fuzz build "${flags[@]}"
mkdir -p fuzz/target/logs
status=0
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    echo "== fuzz $target for ${seconds}s"
    log=fuzz/target/logs/$target.log
    # shellcheck disable=SC2046
    if cargo fuzz run "${flags[@]}" "$target" "fuzz/corpus/$target" $(seed_dirs "$target") -- \
        -max_total_time="$seconds" -dict=fuzz/json.dict -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        >"$log" 2>&1; then
        grep -E '^(Done|#[0-9]+ +DONE)' "$log" | tail -n 1
        grep -E 'stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$log"
    else
        status=1
        echo "!! $target failed ($log):"
        grep -m 1 -A 8 'panicked at' "$log" || true
        grep -E -A 3 '^(Failing input|Output of .std::fmt::Debug.|SUMMARY)' "$log" || tail -n 40 "$log"
    fi
done
exit $status
