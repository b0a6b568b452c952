#!/usr/bin/env python3
"""Deterministic (seeded) generator of realistic OpenAI Batch API input lines, for timing
`batchlint check --profile openai` against the sync profile on the shared kit's sync corpus.

Each output line is one POST /v1/chat/completions request:

  {"custom_id": "...", "method": "POST", "url": "/v1/chat/completions",
   "body": {"model": "gpt-4o-mini",
            "messages": [{"role": "system", "content": "..."},
                         {"role": "user", "content": "..." | [{"type": "text", ...},
                                                              {"type": "image_url", ...}]}],
            "temperature": 0.7, "max_completion_tokens": 1024,
            ["response_format": {"type": "json_schema", "json_schema": {...}}], ["tools": [...]], ...}}

Every line is clean for `batchlint check --profile openai --max-records none --max-bytes none`
(one model and one url in the whole file, as the Batch API requires; unique custom_ids).
The lines average about the sync corpus's line length (seed 1, 1,000,000 lines: 573.7 MB,
574 B a line, median 512 B; the kit's gen_corpus.py: 563 B, median 462 B, with a longer tail),
so that MB/s of the two profiles compare like for like; the summary printed on stderr gives the
average line length of what was written.

Same --seed and --records => byte-identical output (random.Random's random() and getrandbits()).

Usage:
  python3 benches/gen_openai_corpus.py --records 1000000 --seed 1 --out /tmp/batchlint-bench/openai_1m.jsonl
"""
import argparse
import json
import random
import sys

WORDS = (
    "the a our your this every new best fast real big small bright quiet bold "
    "welcome hello today tomorrow launch product team customer story order invoice "
    "account refund shipping return warranty review rating support ticket issue "
    "simple smarter better faster together future people moment journey discover "
    "create build share learn grow start join explore summarize classify extract "
    "we you they it is are will can make bring help see find get keep "
    "with for from into about across over under between through "
    "and but or so because when while if then now just still "
    "amazing incredible beautiful powerful reliable affordable sustainable premium "
    "delivery coffee shoes travel banking insurance fitness kitchen garden music "
    "everyone family friends partners clients users developers agents "
    "minute hour week month year price deal code link page app store"
).split()

SYSTEM_PROMPTS = [
    "You are a helpful assistant.",
    "You are a customer-support triage assistant. Classify the ticket into one of: billing, shipping, "
    "returns, technical, other. Answer with the label only.",
    "You are an expert product copywriter. Rewrite the text for an online store listing, keeping every "
    "fact and staying under 120 words.",
    "Extract the entities (people, organisations, products, dates, amounts) from the user's text and "
    "return them as JSON.",
    "You summarize customer reviews in two sentences, then give a sentiment score from 1 to 5.",
    "You are a careful translator. Translate the user's text into Spanish, keeping names and numbers "
    "unchanged.",
    "Describe the image for an accessibility alt text: one sentence, no more than 25 words.",
    "You grade answers to support questions against the policy below. Reply with PASS or FAIL and one "
    "line of reasons.",
]
SYSTEM_WEIGHTS = [20, 15, 15, 12, 12, 10, 8, 8]

CATEGORIES = ["billing", "shipping", "returns", "technical", "other"]
DETAILS = ["auto", "low", "high"]
TEMPERATURES = [0, 0.2, 0.3, 0.5, 0.7, 1, 1.2]
MAX_TOKENS = [64, 128, 256, 512, 1024, 2048]


def pick(rng, seq):
    return seq[int(rng.random() * len(seq))]


def weighted(rng, seq, weights):
    x = rng.random() * sum(weights)
    for item, w in zip(seq, weights):
        x -= w
        if x < 0:
            return item
    return seq[-1]


def sentence(rng):
    n = 4 + int(rng.random() * 14)
    s = " ".join(pick(rng, WORDS) for _ in range(n))
    end = "." if rng.random() < 0.8 else ("!" if rng.random() < 0.5 else "?")
    return s[0].upper() + s[1:] + end


def user_text(rng):
    # mostly a sentence or two, some paragraphs, a few long documents (a long tail like the
    # kit's scripts; shorter on average, because every line here also carries a system prompt)
    r = rng.random()
    if r < 0.82:
        k = 1 + int(rng.random() * 2)
    elif r < 0.97:
        k = 3 + int(rng.random() * 3)
    elif r < 0.999:
        k = 8 + int(rng.random() * 10)
    else:
        k = 60 + int(rng.random() * 100)
    return " ".join(sentence(rng) for _ in range(k))


def hexid(rng, bits=64):
    return "%0*x" % (bits // 4, rng.getrandbits(bits))


def response_format(rng):
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "ticket_label",
            "strict": True,
            "schema": {
                "type": "object",
                "properties": {
                    "category": {"type": "string", "enum": CATEGORIES},
                    "confidence": {"type": "number"},
                },
                "required": ["category", "confidence"],
                "additionalProperties": False,
            },
        },
    }


def tools(rng):
    return [{
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order by its id.",
            "parameters": {
                "type": "object",
                "properties": {"order_id": {"type": "string"}},
                "required": ["order_id"],
            },
        },
    }]


def make_record(rng, i, model):
    sys_prompt = weighted(rng, SYSTEM_PROMPTS, SYSTEM_WEIGHTS)
    text = user_text(rng)
    if rng.random() < 0.2:  # multi-part user content: text and an image
        content = [
            {"type": "text", "text": text},
            {"type": "image_url", "image_url": {
                "url": "https://cdn.example.com/img/%s.jpg" % hexid(rng), "detail": pick(rng, DETAILS)}},
        ]
    else:
        content = text
    body = {
        "model": model,
        "messages": [{"role": "system", "content": sys_prompt}, {"role": "user", "content": content}],
        "temperature": pick(rng, TEMPERATURES),
    }
    # max_completion_tokens, not the deprecated max_tokens (a BL211 warning):
    # the corpus is clean. (The draw is kept so that the rest of a line is as before.)
    rng.random()
    body["max_completion_tokens"] = pick(rng, MAX_TOKENS)
    r = rng.random()
    if r < 0.15:
        body["response_format"] = response_format(rng)
    elif r < 0.25:
        body["tools"] = tools(rng)
        body["tool_choice"] = "auto"
    if rng.random() < 0.1:
        # The deprecated seed's place: a metadata tag of about its length.
        body["metadata"] = {"run": "%05d" % int(rng.random() * 100000)}
    cid = "request-%07d" % i if rng.random() < 0.5 else "%s-%07d" % (hexid(rng, 32), i)
    return {"custom_id": cid, "method": "POST", "url": "/v1/chat/completions", "body": body}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--model", default="gpt-4o-mini", help="the one model of every line (default gpt-4o-mini)")
    ap.add_argument("--out", default="-", help="output path, '-' for stdout")
    a = ap.parse_args(argv)

    rng = random.Random(a.seed)
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", buffering=1 << 20)
    nbytes = 0
    buf = []
    for i in range(a.records):
        line = json.dumps(make_record(rng, i, a.model), separators=(",", ":"), ensure_ascii=False)
        buf.append(line)
        nbytes += len(line.encode("utf-8")) + 1
        if len(buf) >= 4096:
            out.write("\n".join(buf) + "\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf) + "\n")
    if out is not sys.stdout:
        out.close()
    sys.stderr.write("records=%d bytes=%d (%.1f MB, %.1f MiB) avg_line=%.0f B\n" % (
        a.records, nbytes, nbytes / 1e6, nbytes / 2**20, nbytes / max(1, a.records)))


if __name__ == "__main__":
    main()
