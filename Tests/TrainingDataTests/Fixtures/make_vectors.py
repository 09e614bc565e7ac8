#!/usr/bin/env python3
"""Generate tokenizer test vectors with tiktoken from PyPI, offline, from the shipped rank files.

Usage: python3 make_vectors.py   (writes tokenizer_vectors.json, chat_small.jsonl and
chat_small_expected.json next to this script).
       python3 make_vectors.py --fuzz N --out FILE [--seed S]   (N random strings only, for a deeper
       one-off check: TOKENIZER_VECTORS=FILE swift test --filter Tokenizer). Needs `pip install tiktoken`; no network: the rank
files are the gzip'd ones in Sources/TrainingDataResources/tiktoken, decompressed to a temp dir.
"""
import gzip, json, os, random, subprocess, sys, tempfile

import tiktoken
import tiktoken.load
import tiktoken_ext.openai_public as public

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
RES = os.path.join(ROOT, "Sources", "TrainingDataResources", "tiktoken")


def load(name):
    tmp = os.path.join(tempfile.gettempdir(), f"{name}.tiktoken")
    with gzip.open(os.path.join(RES, f"{name}.tiktoken.gz"), "rb") as src, open(tmp, "wb") as dst:
        dst.write(src.read())
    # openai_public's constructors fetch over the network; rebuild the encoding from its pat_str.
    pat = {"cl100k_base": CL100K_PAT, "o200k_base": O200K_PAT}[name]
    special = {"cl100k_base": {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                               "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276},
               "o200k_base": {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}}[name]
    return tiktoken.Encoding(name, pat_str=pat, mergeable_ranks=tiktoken.load.load_tiktoken_bpe(tmp), special_tokens=special)


def pat_of(fn_name):
    """Read pat_str from tiktoken_ext/openai_public.py without calling the network-bound constructor."""
    import ast, inspect
    src = inspect.getsource(getattr(public, fn_name))
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pat_str" for t in node.targets):
            return eval(compile(ast.Expression(node.value), "pat", "eval"))
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if getattr(k, "value", None) == "pat_str" and isinstance(v, ast.Constant):
                    return v.value
    raise SystemExit(f"pat_str not found for {fn_name}")


CL100K_PAT = pat_of("cl100k_base")
O200K_PAT = pat_of("o200k_base")

FIXED = [
    "", "a", "hello world", "Hello, World!", "  leading", "trailing  ", "   ", "\n", "\n\n\n", "\r\n", "a\r\nb",
    "tabs\tand\t\tmore", "line1\nline2\n\n  indented\n", " \n \n", "x  \n  y", "end with newline\n",
    "I'm you're they've we'll she'd it's I'M YOU'RE THEY'VE don't DON'T", "'s 't 're 've 'm 'll 'd", "'sup 'Sup", "don'ſ",
    "rock'n'roll", "O'Neil's", "numbers 1 12 123 1234 12345 1234567", "3.14159 -42 1e10 0x1F 1,000,000", "٣٤٥ ١٢", "Ⅻ ½ ²³",
    "price: $12.50 €9,99 ¥100", "emoji 🚀✅🎉 👍🏽 👨‍👩‍👧‍👦 🇫🇷", "café naïve résumé Straße déjà vu", "東京 数据集 トークン 한국어 텍스트",
    "Ελληνικά Привет мир", "مرحبا بالعالم", "שלום עולם", "हिन्दी भाषा", "ไทย ภาษา", "e\u0301 a\u0300 n\u0303 combining", "\u0301\u0301 marks first",
    "CamelCaseWords HTTPServer XMLHttpRequest iPhone eBay McDonald's", "ALLCAPS WORD", "ǅungla ǈj Titlecase",
    "def f(x):\n    return x ** 2  # square\n", "for (int i = 0; i < n; ++i) { sum += a[i]; }", "if x != y && z >= 3 || !w {\n\t}\n",
    "<div class=\"a\">text</div>", "https://example.com/path?q=1&r=two#frag", "a//b///c\n//\n", "!!!\n\n///\r\n", "...///\n/x",
    "<|endoftext|>", "text <|endoftext|> more <|fim_prefix|><|fim_middle|><|fim_suffix|><|endofprompt|>", "<|im_start|>user",
    "\u00a0nbsp\u00a0\u00a0x", "\u3000ideographic\u3000space", "\u2028line sep\u2029para", "\x0bvt\x0cff\x85nel",
    "mixed\u00a0 \u00a0spaces  \t\n", "a" * 300, "ab" * 200, " " * 40, "\n" * 30, "=" * 80, "aB" * 150 + "!",
    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "SGVsbG8gV29ybGQ=" * 30,
    "𝒜𝒷𝒸 𝔘𝔫𝔦 math 𝟙𝟚𝟛", "\U0001F600\U0001F601 \U00020000\U0002A6D6", "ᾼ ǅ ᾈ", "ʰʲʷ modifier ˆˇ", "x\u200dy\u200cz zero width",
    " 'tis", "''''", "' s", "it'S IT'LL", "JSON {\"a\": [1, 2, {\"b\": null}]}", "SELECT * FROM t WHERE a='x';",
    "    indented code\n        deeper\n", "\t\t\ttabs\n", "A\n\nB\n\n\nC", "  \r\n  \r\n", " !", "  !", " !\n", "a !b", "hello\n/world",
]


def random_texts(rng, count):
    pools = [
        "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", " ", "  ", "\n", "\r\n", "\t",
        "'", "'s", "'LL", ".,;:!?()[]{}<>/\\|\"`~@#$%^&*-_=+", "éàüßøñç", "ÉÀÜØÑ", "東京数据集トークン", "🚀✅🎉👍🏽",
        "\u0301\u0308", "\u00a0\u3000", "ǅǈ", "ʰʲ", "٣٤", "½²", "<|endoftext|>", "Привет", "ΑΒΓαβγ",
    ]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 40)):
            pool = rng.choice(pools)
            parts.append("".join(rng.choice(pool) if len(pool) > 3 and rng.random() < 0.7 else pool for _ in range(rng.randint(1, 6))))
        out.append("".join(parts))
    return out


def write_vectors(path, generator, vectors):
    """One vector per line, so diffs stay readable."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"generator": %s, "tiktoken": %s, "vectors": {\n' % (json.dumps(generator), json.dumps(tiktoken.__version__)))
        for n, (name, items) in enumerate(vectors.items()):
            f.write('%s: [\n' % json.dumps(name))
            f.write(",\n".join(json.dumps(v, ensure_ascii=False) for v in items))
            f.write("\n]%s\n" % ("," if n + 1 < len(vectors) else ""))
        f.write("}}\n")


def fuzz(count, out, seed):
    rng = random.Random(seed)
    texts = random_texts(rng, count)
    vectors = {}
    for name in ("o200k_base", "cl100k_base"):
        enc = load(name)
        vectors[name] = [{"text": t, "tokens": enc.encode_ordinary(t)} for t in texts]
    write_vectors(out, "make_vectors.py --fuzz", vectors)
    print("fuzz vectors:", count, "->", out)


def main():
    if "--fuzz" in sys.argv:
        args = sys.argv
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
        return fuzz(int(args[args.index("--fuzz") + 1]), args[args.index("--out") + 1], seed)
    rng = random.Random(20261125)
    texts = FIXED + random_texts(rng, 400)
    vectors = {}
    for name in ("o200k_base", "cl100k_base"):
        enc = load(name)
        vectors[name] = [{"text": t, "tokens": enc.encode_ordinary(t)} for t in texts]
    write_vectors(os.path.join(HERE, "tokenizer_vectors.json"), "make_vectors.py", vectors)

    # A small generated chat dataset and its cookbook-style total, for the whole-file check.
    data = os.path.join(HERE, "chat_small.jsonl")
    generator = os.environ.get("GEN_CHAT_DATASET", "/work/shared/bench/gen_chat_dataset.py")
    subprocess.run([sys.executable, generator, data, "0.3", "77"], check=True)
    expected = {}
    for name in ("o200k_base", "cl100k_base"):
        enc = load(name)
        total = assistant = examples = 0
        with open(data, encoding="utf-8") as f:
            for line in f:
                ex = json.loads(line)
                n = 3
                for m in ex["messages"]:
                    n += 3
                    for k, v in m.items():
                        n += len(enc.encode_ordinary(v))
                        if k == "name":
                            n += 1
                    if m["role"] == "assistant":
                        assistant += len(enc.encode_ordinary(m["content"]))
                total += n
                examples += 1
        expected[name] = {"examples": examples, "total_tokens": total, "assistant_tokens": assistant}
    with open(os.path.join(HERE, "chat_small_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("vectors:", len(texts), "per encoding;", "expected:", expected)


if __name__ == "__main__":
    main()
