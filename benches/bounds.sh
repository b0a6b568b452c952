#!/usr/bin/env bash
# Resource bounds of the release binary under hostile input: peak memory
# (`/usr/bin/time -v`), wall time, exit status and the diagnostics, for
#
#   1. a 1 GiB line without a newline        (peak RSS < 64 MB, one BL004, no hang)
#   2. 2 GiB of valid records vs 100 MB      (peak RSS ratio < 1.5 with --id-pointer none; also with ids)
#   3. nesting 100,000 deep, a 1 MB string,
#      100,000 keys in one object            (a diagnostic each or clean; no crash, no stack overflow)
#      100,000 wrong items in one array       (a diagnostic each, in linear time)
#   3b. 100,000 problems on one non-ASCII
#      line, keys and values                 (under 1 s each: 100 listed, one BL009 counts the rest)
#   4. a user schema's `^(a+)+$` against
#      10,000 `a`s and a `b`                 (well under a second: no catastrophic backtracking)
#      `(?=(a*)*$)\1b` (backtracks) on 200
#      values                                (under 2 s: each evaluation is bounded)
#   5. 10 million lines: blank (check and
#      split), `{}`, and rejected by split
#      (--rejects)                           (peak RSS < 100 MB: memory bounded per block, not per line)
#
#   bash benches/bounds.sh            # everything (~6 GB of disk under ${TMPDIR:-/tmp}, a few minutes)
#   bash benches/bounds.sh --quick    # without the 2 GiB run
#
# Uses BATCHLINT if set, else target/dist/batchlint (built if missing).
# Inputs are generated under ${TMPDIR:-/tmp} and removed at the end. Prints a
# markdown table; exits 1 if a bound is not met. Not run by CI (too big).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
[ "${1:-}" = --quick ] && quick=true

[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
bin=${BATCHLINT:-target/dist/batchlint}
if [ -z "${BATCHLINT:-}" ] && [ ! -x "$bin" ]; then
    cargo build --profile dist >&2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/batchlint-bounds.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
rows=()

# run NAME -- ARGS...: runs the binary (killed after $limit seconds), keeps
# its stdout in $work/NAME.out, and sets $rss (MB), $wall (s), $status.
limit=300
run() {
    name=$1
    shift 2
    set +e
    /usr/bin/time -v -o "$work/$name.time" timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    status=$?
    set -e
    if [ "$status" = 124 ]; then status="killed after ${limit} s"; fi
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/$name.time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$work/$name.time")
    if grep -q "Command terminated by signal" "$work/$name.time"; then
        status="signal $(awk '/terminated by signal/ { print $NF }' "$work/$name.time")"
    fi
}

# codes NAME: the diagnostic codes of a concise run, counted: "BL004×1 BL403×1".
codes() {
    local out
    out=$(grep -oE '(error|warning)\[BL[0-9]+\]' "$work/$1.out" | grep -oE 'BL[0-9]+' | sort | uniq -c |
        awk '{ printf "%s%s×%s", sep, $2, $1; sep = " " }') || true
    echo "${out:-clean}"
}

# row CASE TARGET VERDICT: adds a table row for the last run.
row() {
    rows+=("| $1 | $status | $rss | $wall | $(codes "$name") | $2 | $3 |")
    [ "$3" = ok ] || failures=$((failures + 1))
}

verdict() { if "$@"; then echo ok; else echo FAIL; fi; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
count() { grep -c "\[$2\]" "$work/$1.out" || true; }
exited() { [ "$status" = 0 ] || [ "$status" = 1 ]; }

# A valid record with a unique id, 243 bytes with its newline.
records() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"request_id\":\"req-%010d\",\"endpoint\":\"/v2/generate\",\"payload\":{\"model\":\"lipsync-2\",\"input\":[{\"type\":\"video\",\"url\":\"https://cdn.example.com/v/clip-%010d.mp4\"},{\"type\":\"audio\",\"url\":\"https://cdn.example.com/a/voice-%010d.wav\"}]}}\n", i, i, i }'
}
head_='{"request_id":"r","endpoint":"/v2/generate","payload":{"model":"lipsync-2","input":[{"type":"video","url":"https://v.example.com/v.mp4"},{"type":"audio","url":"https://a.example.com/a.wav"}]}'
limits=(--min-records none --max-records none --max-bytes none)

echo "binary: $bin ($("$bin" --version 2>/dev/null || echo '?')); $(nproc) cores" >&2

# 1. A 1 GiB line, no newline.
echo "generating a 1 GiB line..." >&2
head -c $((1 << 30)) /dev/zero | tr '\0' x >"$work/line.jsonl"
run line -- check --format concise "$work/line.jsonl"
row "1 GiB line, no newline (defaults)" "RSS < 64 MB, one BL004, exit 1" \
    "$(verdict eval 'lt "$rss" 64 && [ "$(count line BL004)" = 1 ] && [ "$status" = 1 ]')"
rm -f "$work/line.jsonl"

# 2. 2 GiB of valid records vs 100 MB.
if ! $quick; then
    echo "generating 100 MB and 2 GiB of valid records..." >&2
    records 411523 >"$work/small.jsonl"    # 100,000,089 bytes
    records 8837500 >"$work/big.jsonl"     # 2,147,512,500 bytes
    for ids in none default; do
        flags=("${limits[@]}")
        [ $ids = none ] && flags+=(--id-pointer none)
        run small_$ids -- check --format concise "${flags[@]}" "$work/small.jsonl"
        small_rss=$rss
        row "100 MB valid, ids $ids" "exit 0" "$(verdict [ "$status" = 0 ])"
        run big_$ids -- check --format concise "${flags[@]}" "$work/big.jsonl"
        ratio=$(awk -v a="$rss" -v b="$small_rss" 'BEGIN { printf "%.2f", a / b }')
        if [ $ids = none ]; then
            row "2 GiB valid, ids none (RSS ×$ratio the 100 MB run's)" "ratio < 1.5, exit 0" \
                "$(verdict eval 'lt "$ratio" 1.5 && [ "$status" = 0 ]')"
        else
            row "2 GiB valid, ids checked (RSS ×$ratio the 100 MB run's)" "exit 0 (ids are kept: grows)" \
                "$(verdict [ "$status" = 0 ])"
        fi
    done
    rm -f "$work/small.jsonl" "$work/big.jsonl"
fi

# 3. Deep nesting, a long string, many keys: one line each.
limit=60
deep=100000
gen() { # gen NAME: writes $work/NAME.jsonl
    case $1 in
        deep_arrays) awk -v n=$deep 'BEGIN { for (i = 0; i < n; i++) printf "["; for (i = 0; i < n; i++) printf "]"; print "" }' ;;
        deep_objects) awk -v n=$deep 'BEGIN { for (i = 0; i < n; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < n; i++) printf "}"; print "" }' ;;
        deep_unclosed) awk -v n=$deep 'BEGIN { for (i = 0; i < n; i++) printf "[{\"a\":"; print "" }' ;;
        deep_in_record) awk -v n=$deep -v h="$head_" 'BEGIN { printf "%s,\"extra\":", h; for (i = 0; i < n; i++) printf "["; for (i = 0; i < n; i++) printf "]"; print "}" }' ;;
        deep_in_model) awk -v n=$deep 'BEGIN { printf "{\"request_id\":\"r\",\"endpoint\":\"/v2/generate\",\"payload\":{\"model\":"; for (i = 0; i < n; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < n; i++) printf "}"; print ",\"input\":[]}}" }' ;;
        string_1mb) awk -v h="$head_" 'BEGIN { printf "%s,\"outputFileName\":\"", substr(h, 1, length(h) - 1); for (i = 0; i < 1048576 / 16; i++) printf "abcdefghijklmnop"; print "\"}}" }' ;;
        string_1mb_escapes) awk -v h="$head_" 'BEGIN { printf "%s,\"note\":\"", h; for (i = 0; i < 1048576 / 12; i++) printf "\\u00e9\\ud83d\\ude00"; print "\"}" }' ;;
        string_1mb_id) awk -v h="$head_" 'BEGIN { printf "{\"request_id\":\""; for (i = 0; i < 1048576 / 16; i++) printf "abcdefghijklmnop"; printf "\"%s}\n", substr(h, 18) }' ;;
        keys_100k) awk -v h="$head_" 'BEGIN { printf "%s", h; for (i = 0; i < 100000; i++) printf ",\"k%06d\":%d", i, i; print "}" }' ;;
        keys_100k_nested) awk -v h="$head_" 'BEGIN { printf "%s", substr(h, 1, length(h) - 1); printf ",\"options\":{"; for (i = 0; i < 100000; i++) printf "%s\"k%06d\":%d", (i ? "," : ""), i, i; print "}}}" }' ;;
        keys_100k_same) awk -v h="$head_" 'BEGIN { printf "%s", h; for (i = 0; i < 100000; i++) printf ",\"k\":%d", i; print "}" }' ;;
        keys_100k_unicode) awk -v h="$head_" 'BEGIN { printf "%s", h; for (i = 0; i < 100000; i++) printf ",\"ключ%06d\":%d", i, i; print "}" }' ;;
        items_100k_wrong) awk 'BEGIN { printf "{\"request_id\":\"r\",\"endpoint\":\"/v2/generate\",\"payload\":{\"model\":\"lipsync-2\",\"input\":[1"; for (i = 1; i < 100000; i++) printf ",%d", i; print "]}}" }' ;;
    esac >"$work/$1.jsonl"
}
for case in deep_arrays deep_objects deep_unclosed deep_in_record deep_in_model string_1mb string_1mb_escapes \
    string_1mb_id keys_100k keys_100k_nested keys_100k_same keys_100k_unicode items_100k_wrong; do
    gen $case
    size=$(stat -c %s "$work/$case.jsonl")
    run $case -- check --format concise --min-records none "$work/$case.jsonl"
    row "$case ($(awk -v s="$size" 'BEGIN { printf "%.2f MB", s / 1e6 }'))" "exit 0/1, a diagnostic or clean, < 5 s" \
        "$(verdict eval 'exited && lt "$wall" 5')"
    rm -f "$work/$case.jsonl"
done

# 3b. One non-ASCII line with 100,000 problems: time linear in its length,
# the first 100 listed and one BL009 counting the rest (--max-per-line).
awk -v h="$head_" 'BEGIN { printf "%s", substr(h, 1, length(h) - 1); printf ",\"options\":{"; for (i = 0; i < 100000; i++) printf "%s\"ключ%06d\":%d", (i ? "," : ""), i, i; print "}}}" }' >"$work/per_line_keys.jsonl"
run per_line_keys -- check --format concise --min-records none "$work/per_line_keys.jsonl"
row "100,000 unknown non-ASCII keys on one line" "< 1 s, 100 BL206 and one BL009" \
    "$(verdict eval 'lt "$wall" 1 && [ "$(count per_line_keys BL206)" = 100 ] && [ "$(count per_line_keys BL009)" = 1 ]')"
awk 'BEGIN { printf "{\"request_id\":\"ü\",\"endpoint\":\"/v2/generate\",\"payload\":{\"model\":\"lipsync-2\",\"input\":[\"ü\""; for (i = 1; i < 100000; i++) printf ",\"ü\""; print "]}}" }' >"$work/per_line_values.jsonl"
run per_line_values -- check --format concise --min-records none "$work/per_line_values.jsonl"
row "100,000 bad values on one non-ASCII line" "< 1 s, 100 listed and one BL009" \
    "$(verdict eval 'lt "$wall" 1 && [ "$(count per_line_values BL009)" = 1 ]')"
rm -f "$work/per_line_keys.jsonl" "$work/per_line_values.jsonl"

# 4. A catastrophic pattern in a user schema.
printf '%s\n' '{"type": "object", "properties": {"s": {"type": "string", "pattern": "^(a+)+$"}}}' >"$work/redos.schema.json"
awk 'BEGIN { printf "{\"s\":\""; for (i = 0; i < 10000; i++) printf "a"; print "b\"}" }' >"$work/redos.jsonl"
run redos -- check --format concise --min-records none --schema "$work/redos.schema.json" "$work/redos.jsonl"
row "^(a+)+\$ vs 10,000 a + b (user schema)" "< 1 s, one BL205" \
    "$(verdict eval 'lt "$wall" 1 && [ "$(count redos BL205)" = 1 ]')"
awk 'BEGIN { for (j = 0; j < 1000; j++) { printf "{\"s\":\""; for (i = 0; i < 10000; i++) printf "a"; print "b\"}" } }' >"$work/redos.jsonl"
run redos1000 -- check --format concise --min-records none --schema "$work/redos.schema.json" "$work/redos.jsonl"
row "the same, 1,000 lines" "< 5 s, 1,000 BL205" \
    "$(verdict eval 'lt "$wall" 5 && [ "$(count redos1000 BL205)" = 1000 ]')"

printf '%s\n' '{"type": "object", "properties": {"s": {"type": "string", "pattern": "(?=(a*)*$)\\1b"}}}' >"$work/backref.schema.json"
awk 'BEGIN { for (j = 0; j < 200; j++) print "{\"s\":\"aaaaaaaaaaaaaaaaaaaaaaaaac\"}" }' >"$work/backref.jsonl"
run backref -- check --format concise --min-records none --schema "$work/backref.schema.json" "$work/backref.jsonl"
row "(?=(a*)*\$)\\1b vs 200 values (user schema)" "< 2 s, 200 BL207 (stopped)" \
    "$(verdict eval 'lt "$wall" 2 && [ "$(count backref BL207)" = 200 ]')"

# 5. Ten million lines, each tiny: memory per block, not per line.
limit=120
# (--max-diagnostics: the reports of every line would fill the disk.)
{ records 1; awk 'BEGIN { for (i = 0; i < 10000000; i++) print "" }'; } >"$work/blank.jsonl"
run blank -- check --format concise --max-diagnostics 100 "${limits[@]}" "$work/blank.jsonl"
row "a record and 10,000,000 blank lines (10 MB), check" "RSS < 100 MB, exit 0/1" "$(verdict eval 'lt "$rss" 100 && exited')"
# split keeps the skipped blank lines as runs, not one number each.
run blank_split -- split "${limits[@]}" "$work/blank.jsonl" --out-dir "$work/blank_out"
row "a record and 10,000,000 blank lines, split" "RSS < 100 MB, exit 0" "$(verdict eval 'lt "$rss" 100 && [ "$status" = 0 ]')"
rm -rf "$work/blank.jsonl" "$work/blank_out"
awk 'BEGIN { for (i = 0; i < 10000000; i++) print "{}" }' >"$work/empty.jsonl"
run empty -- check --format concise --max-diagnostics 100 "${limits[@]}" "$work/empty.jsonl"
row "10,000,000 \`{}\` lines (30 MB), check" "RSS < 100 MB, exit 1" "$(verdict eval 'lt "$rss" 100 && [ "$status" = 1 ]')"
rm -f "$work/empty.jsonl"
# A valid record first, so that the split is written: the rejects file and
# a manifest listing 10,000,000 rejected lines (1.3 GB).
{ records 1; awk 'BEGIN { for (i = 0; i < 10000000; i++) print "{}" }'; } >"$work/rejected.jsonl"
run rejected_split -- split --max-diagnostics 100 "${limits[@]}" --rejects "$work/rejects.jsonl" "$work/rejected.jsonl" --out-dir "$work/out"
row "a record and 10,000,000 \`{}\` lines, split --rejects" "RSS < 100 MB, exit 0, 10,000,000 listed" \
    "$(verdict eval 'lt "$rss" 100 && [ "$status" = 0 ] && grep -q "10,000,000 rejected" "$work/rejected_split.out"')"
rm -rf "$work/rejected.jsonl" "$work/out" "$work/rejects.jsonl"

echo
echo "| case | exit | peak RSS (MB) | wall (s) | diagnostics | target | verdict |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
if [ $failures -gt 0 ]; then
    echo
    echo "$failures bound(s) not met"
    exit 1
fi
