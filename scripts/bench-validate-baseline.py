#!/usr/bin/env python3
"""Cookbook-style baseline for `finetunectl validate`: json.loads + tiktoken on every line.

Usage: bench-validate-baseline.py FILE [ENCODING] [--tokenizer-only]
  ENCODING: o200k_base (default) or cl100k_base.
  --tokenizer-only: read every string value into memory first, then time only the tiktoken calls
  (one thread): the speed of tiktoken's Rust core on this text, without JSON parsing.
Counts tokens as the cookbook's Chat_finetuning_data_prep does (3 per message, every string value,
1 per name, 3 per conversation; assistant content separately) with the rank files shipped in
Sources/TrainingDataResources/tiktoken (decompressed to a temp dir; no network). Prints one JSON
line: examples, total_tokens, assistant_tokens, seconds (excluding loading the encoding).
"""
import gzip, json, os, sys, tempfile, time

import tiktoken
import tiktoken.load

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "Sources", "TrainingDataResources", "tiktoken")
PATS = {
    "cl100k_base": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    "o200k_base": "|".join([
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""", r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""", r"""\s*[\r\n]+""", r"""\s+(?!\S)""", r"""\s+""",
    ]),
}


def load(name):
    tmp = os.path.join(tempfile.gettempdir(), f"bench-{name}.tiktoken")
    if not os.path.exists(tmp):
        with gzip.open(os.path.join(RES, f"{name}.tiktoken.gz"), "rb") as src, open(tmp, "wb") as dst:
            dst.write(src.read())
    return tiktoken.Encoding(name, pat_str=PATS[name], mergeable_ranks=tiktoken.load.load_tiktoken_bpe(tmp), special_tokens={})


def tokenizer_only(path, enc):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            for m in json.loads(line)["messages"]:
                texts.extend(v for v in m.values() if isinstance(v, str))
    start = time.perf_counter()
    total = sum(len(enc.encode_ordinary(t)) for t in texts)
    seconds = time.perf_counter() - start
    print(json.dumps({"text_bytes": sum(len(t.encode()) for t in texts), "tokens": total, "seconds": seconds}))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = args[0]
    enc = load(args[1] if len(args) > 1 else "o200k_base")
    if "--tokenizer-only" in sys.argv:
        return tokenizer_only(path, enc)
    start = time.perf_counter()
    examples = total = assistant = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            ex = json.loads(line)
            n = 3
            for m in ex["messages"]:
                n += 3
                for k, v in m.items():
                    if isinstance(v, str):
                        n += len(enc.encode_ordinary(v))
                    if k == "name":
                        n += 1
                if m.get("role") == "assistant" and isinstance(m.get("content"), str):
                    assistant += len(enc.encode_ordinary(m["content"]))
            total += n
            examples += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"examples": examples, "total_tokens": total, "assistant_tokens": assistant, "seconds": seconds}))


if __name__ == "__main__":
    main()
