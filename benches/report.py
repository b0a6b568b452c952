#!/usr/bin/env python3
"""Turns the raw rows of benches/compare.sh into markdown: one table of measurements and one of
the target ratios, every ratio computed from rows of the same run.

usage: report.py RAW.tsv META.tsv NOTES.txt > report.md
"""
import csv
import os
import sys


def load_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load_meta(path):
    meta, found = {}, []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "found":
                found.append(parts[1:])
            elif len(parts) >= 2:
                meta[parts[0]] = parts[1]
    return meta, found


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def fmt_int(x):
    return "—" if x is None else f"{x:,.0f}"


def fmt_mbs(x):
    if x is None:
        return "—"
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def main():
    raw, meta_path, notes_path = sys.argv[1:4]
    rows = load_rows(raw)
    meta, found = load_meta(meta_path)
    notes = [l.rstrip("\n") for l in open(notes_path)] if os.path.exists(notes_path) else []
    by = {r["key"]: r for r in rows}

    def val(key, col="MB_s"):
        r = by.get(key)
        return num(r[col]) if r else None

    out = []
    w = out.append
    w(f"batchlint `{meta.get('commit', '?')}` ({meta.get('batchlint_version', '?')}), "
      f"{meta.get('started', '?')}, {meta.get('machine', '?')}; "
      f"load average {meta.get('loadavg_start', '?')} at the start, {meta.get('loadavg_end', '?')} at the end.")
    w("")
    w(f"Command: `{meta.get('command', 'bash benches/compare.sh')}`. Throughput rows: median of "
      f"{meta.get('runs', '?')} runs, page cache warmed just before; start-up rows: median of "
      f"{meta.get('sruns', '?')} runs on the first 20 lines (the wall time includes ~1 ms of "
      "`/usr/bin/time` + `sh` overhead: compare with `cat`); `perf stat -r` rows: the mean of "
      f"{meta.get('pruns', '?')} runs of the command alone. Peak RSS: median of the runs' maxima.")
    w("")
    inputs = []
    for r in rows:
        if r["input"] not in [i[0] for i in inputs] and "start-up" not in r["mode"]:
            inputs.append((r["input"], int(r["bytes"]), int(r["records"])))
    if inputs:
        w("Inputs: " + "; ".join(f"`{n}` {b / 1e6:,.1f} MB, {c:,} records" for n, b, c in inputs) + ".")
        w("")

    order = ["read", "wc", "jq", "ceil_read", "ceil_parse", "ceil_parse-ignored", "ceil_simd", "ceil_simd-borrowed",
             "ceil_validate1", "ceil_validate2", "pyjs", "fjs", "ajv", "bl_schema", "bl_builtin", "bl_chunks", "bl_schema_1t",
             "bl_builtin_1t", "bl_schema_1c", "bl_builtin_1c", "split_l", "split_C", "bl_split", "bl_split_nosync",
             "bl_check_shm", "bl_split_shm", "st_cat", "st_jq", "st_ceil", "st_pyjs", "st_fjs",
             "st_ajv", "st_cj", "st_jcli", "st_bl_schema", "st_bl_builtin", "pst_cat", "pst_jcli", "pst_jcli_id", "pst_bl_schema",
             "pst_bl_builtin", "lin_schema_slice", "lin_builtin_slice",
             "lin_ceil_big", "lin_schema_big", "lin_builtin_big", "ceil_validate2_mixed", "fjs_mixed", "ajv_mixed",
             "bl_schema_mixed", "bl_builtin_mixed"]
    rank = {k: i for i, k in enumerate(order)}
    shown = sorted(rows, key=lambda r: rank.get(r["key"], len(order)))
    w("| tool | mode | input | MB/s | records/s | median wall | peak RSS (MiB) | exit |")
    w("|---|---|---|--:|--:|--:|--:|--:|")
    for r in shown:
        wall = num(r["wall_s_median"])
        startup = "start-up" in r["mode"]
        digits = 2 if r["key"].startswith("pst_") else 1
        wall_s = "—" if wall is None else (f"{wall * 1000:.{digits}f} ms" if startup or wall < 1 else f"{wall:.2f} s")
        tool = f"**{r['tool']}**" if r["tool"] == "batchlint" else r["tool"]
        mbs = "—" if startup else fmt_mbs(num(r["MB_s"]))
        rps = "—" if startup else fmt_int(num(r["rec_s"]))
        w(f"| {tool} | {r['mode']} | {r['input']} | {mbs} | {rps} | {wall_s} | {r['peak_rss_MiB']} | {r['exit']} |")
    w("")

    # --- ratios
    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    def verdict(x, ok, stretch=None):
        if x is None:
            return "not measured"
        if stretch is not None and stretch(x):
            return "met (stretch too)"
        return "met" if ok(x) else "**missed**"

    def fx(x, unit="×", digits=2):
        return "—" if x is None else f"{x:.{digits}f}{unit}"

    cores = meta.get("machine", "").split(" ")[0] or "all"
    valid = by.get("bl_schema", {}).get("input", "the valid corpus")
    R = []  # (figure, value, target, verdict)
    x = ratio(val("bl_builtin"), val("ceil_validate2"))
    R.append((f"built-in profile ÷ ceiling `validate2`, MB/s on {valid}", fx(x), "≥ 2.0×",
              verdict(x, lambda v: v >= 2.0)))
    x = ratio(val("bl_schema"), val("ceil_validate2"))
    R.append((f"`check --schema` ÷ ceiling `validate2`, MB/s on {valid}", fx(x), "≥ 1.5×",
              verdict(x, lambda v: v >= 1.5)))
    x = ratio(val("bl_builtin"), val("bl_schema"))
    R.append(("built-in profile ÷ `check --schema`, MB/s", fx(x), "(information)", ""))
    x = ratio(val("bl_chunks"), val("bl_builtin"))
    if "bl_chunks" in by:
        n = meta.get("chunks")
        files = f"the {int(n):,} chunk files" if n and n.isdigit() else "the chunk files"
        R.append((f"built-in profile: {files} of a `split` of {valid} (one folder argument) ÷ the single file, MB/s",
                  fx(x), "≥ 0.9×", verdict(x, lambda v: v >= 0.9)))
    for k, name in (("bl_schema", "`check --schema`"), ("bl_builtin", "built-in profile")):
        x = ratio(val(k), val(k + "_1t"))
        R.append((f"{name}: {cores} threads ÷ 1 thread (`RAYON_NUM_THREADS=1`)", fx(x), "≥ 1.8×",
                  verdict(x, lambda v: v >= 1.8)))
        x = ratio(val(k), val(k + "_1c"))
        if x is not None:
            R.append((f"{name}: {cores} cores ÷ 1 core (`taskset -c 0`, one rayon thread)", fx(x), "≥ 1.8×",
                      verdict(x, lambda v: v >= 1.8)))
    # The start-up targets are judged on the `perf stat` rows (the command alone) when there are
    # some, on the harness's rows otherwise.
    timed = "pst" if "pst_bl_schema" in by else "st"
    how = f"`perf stat -r {meta.get('pruns', '?')}`, mean" if timed == "pst" else "harness, median"
    floor = val(f"{timed}_cat", "wall_s_median")
    for k, name, limit in (("bl_schema", "`check --schema`", 5), ("bl_builtin", "built-in profile", 4)):
        ms = val(f"{timed}_{k}", "wall_s_median")
        ms = None if ms is None else ms * 1000
        v = fx(ms, " ms", 2 if timed == "pst" else 1)
        if ms is not None and floor is not None:
            v += f" (`cat`: {floor * 1000:.1f} ms, so +{ms - floor * 1000:.1f} ms)"
        R.append((f"start-up, {name}, 20 records ({how})", v, f"≤ {limit} ms", verdict(ms, lambda v: v <= limit)))
    jcli = val(f"{timed}_jcli", "wall_s_median")
    if jcli is not None:
        for k, name in (("bl_schema", "`check --schema`"), ("bl_builtin", "built-in profile")):
            x = ratio(jcli, val(f"{timed}_{k}", "wall_s_median"))
            R.append((f"start-up: jsonschema-cli ÷ {name}, wall ({how})", fx(x), "≥ 1× (never slower)",
                      verdict(x, lambda v: v >= 1.0)))
        x = ratio(val("pst_jcli_id", "wall_s_median"), val("pst_bl_schema", "wall_s_median"))
        if x is not None:
            R.append((f"start-up: jsonschema-cli with the schema's `$id` kept ÷ `check --schema`, wall ({how})",
                      fx(x), "(information)", ""))
    for k, name in (("bl_split", "`split`"), ("bl_split_nosync", "`split --no-sync`")):
        x = ratio(val(k), val("split_C"))
        R.append((f"{name} ÷ GNU `split -C 5M`, MB/s", fx(x), "≥ 0.3×", verdict(x, lambda v: v >= 0.3)))
        x = ratio(val(k), val("split_l"))
        R.append((f"{name} ÷ GNU `split -l 500` (as many files), MB/s", fx(x), "(information)", ""))
    x = ratio(val("bl_split_shm", "wall_s_median"), val("bl_check_shm", "wall_s_median"))
    if "bl_split_shm" in by or "bl_check_shm" in by:
        R.append(("`split --no-sync` ÷ `check` (built-in profile), wall time, same file on tmpfs, output on tmpfs",
                  fx(x), "≤ 1.25×", verdict(x, lambda v: v <= 1.25)))
    rss = [(val(k, "peak_rss_MiB"), by[k]["mode"])
           for k in ("bl_schema", "bl_builtin", "bl_chunks", "bl_split", "bl_split_nosync", "bl_check_shm", "bl_split_shm")
           if k in by]
    rss = [p for p in rss if p[0] is not None]
    if rss:
        m, which = max(rss)
        R.append((f"peak RSS on {valid}, largest of check/split ({which})", f"{m:.1f} MiB = {m * 1.048576:.1f} MB",
                  "≤ 100 MB", verdict(m * 1.048576, lambda v: v <= 100)))
    else:
        R.append((f"peak RSS on {valid}", "—", "≤ 100 MB", "not measured"))
    for k in ("schema", "builtin"):
        name = "`check --schema`" if k == "schema" else "built-in profile"
        sl = by.get(f"lin_{k}_slice")
        if not sl:
            continue
        x = ratio(val(f"bl_{k}"), val(f"lin_{k}_slice"))
        R.append((f"linearity, {name}: MB/s on {valid} ÷ on {sl['input']}", fx(x), "≈ 1.0× (information)", ""))
        if f"lin_{k}_big" in by:
            big = by[f"lin_{k}_big"]
            x = ratio(val(f"lin_{k}_big"), val(f"lin_{k}_slice"))
            R.append((f"linearity, {name}: MB/s on {big['input']} ÷ on {sl['input']}", fx(x),
                      "≈ 1.0× (information)", ""))
    x = ratio(val("lin_ceil_big"), val("ceil_validate2"))
    if x is not None:
        R.append((f"reference for the load's drift: ceiling `validate2` MB/s on {by['lin_ceil_big']['input']} ÷ on {valid}",
                  fx(x), "≈ 1.0× on a quiet machine", ""))
    for k in ("schema", "builtin"):
        pts = [(by[kk]["input"], by[kk]["peak_rss_MiB"]) for kk in (f"lin_{k}_slice", f"bl_{k}", f"lin_{k}_big") if kk in by]
        if len(pts) >= 2:
            name = "`check --schema`" if k == "schema" else "built-in profile"
            R.append((f"peak RSS, {name}: " + " / ".join(p[0] for p in pts), " / ".join(f"{p[1]} MiB" for p in pts),
                      "flat (bounded memory)", ""))
    if "bl_schema_mixed" in by:
        x = ratio(val("bl_schema_mixed"), val("ceil_validate2_mixed"))
        R.append((f"`check --schema` ÷ ceiling `validate2` on {by['bl_schema_mixed']['input']} (1% invalid)",
                  fx(x), "(information)", ""))
    for k, name in (("ajv", "node ajv"), ("fjs", "python fastjsonschema")):
        x = ratio(val("bl_schema"), val(k))
        if x is not None:
            R.append((f"`check --schema` ÷ {name}, MB/s", fx(x, "×", 1), "(information)", ""))

    w("| ratio (same run) | value | target | |")
    w("|---|--:|---|---|")
    for fig, v, t, verd in R:
        w(f"| {fig} | {v} | {t} | {verd} |")
    w("")

    if found or "labels" in meta:
        w("What batchlint found (one untimed `--format concise` run each; lines = distinct lines with a line-level error, the file-level BL401–BL403 left out):")
        w("")
        for key, inp, lines, codes in found:
            mode = "--schema" if key.endswith("schema") else "built-in profile"
            w(f"- `{inp}`, {mode}: {int(lines):,} line(s); {codes}")
        if "labels" in meta:
            w(f"- injected by gen_corpus.py: {meta['labels']}")
        w("")
    if notes:
        w("Notes:")
        w("")
        for n in notes:
            w(f"- {n}")
        w("")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
