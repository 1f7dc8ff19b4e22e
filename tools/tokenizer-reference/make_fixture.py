"""Writes services/embedder/fixtures/tokenizer-reference.jsonl: token ids from the Hugging Face
`tokenizers` package (the reference implementation) for real prompts and hand-made edge cases.

Usage: pip install tokenizers==0.23.3
       python3 tools/tokenizer-reference/make_fixture.py [--data ../shared/data] [--max-length 512]

Each output line: {"text": ..., "ids": [...]} with [CLS]/[SEP] and truncation to --max-length.
The tokenizer is the model's own tokenizer.json (.cache/models, fetched by infra/fetch-model.sh).
"""
import argparse
import csv
import glob
import json
import os
import random
import sys

from tokenizers import Tokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
csv.field_size_limit(sys.maxsize)


def edge_cases():
    long_words = " ".join(["tokenization"] * 700)
    return [
        "", " ", "   \t\n  ", "\n", "\x00", "\x01\x02\x03\x7f", "\u200b\u200d\ufeff", "\ufffd",
        "Héllo Wörld! Ça va? naïve café résumé", "ÀÁÂÃÄÅ àáâãäå ÇçÑñ", "Ωμέγα ΣΊΣΥΦΟΣ ςσ",
        "İstanbul ıi ß ẞ ﬁ ﬀ", "Straße", "日本語のテキストです。", "中文分词测试，你好世界！",
        "한국어 텍스트", "mixed中文and English词", "emoji 😀🎉👍🏽 👨‍👩‍👧 ❤️ 🥲 🫠",
        "def f(x):\n    return x ** 2  # square", "SELECT * FROM t WHERE a<>b AND c>=1;",
        "https://example.com/path?q=1&r=a%20b#frag", "user@example.com", "C:\\Users\\me\\file.txt",
        "a" * 99, "b" * 100, "c" * 101, "x" * 300, long_words, "word " * 600,
        "[CLS] hello [SEP] world [MASK] [PAD] [UNK]", "[cls] lower-case specials", "[SEP]",
        "tab\tseparated\tvalues", "line\r\nbreaks\rhere", "non\u00a0breaking\u2003spaces",
        "punctuation!!! ??? ... ,,, ;;; --- ___ ((( ))) [[[ ]]] {{{ }}}", "$100 + 5% = ^~`|<>",
        "¿Qué? ¡Sí! «quotes» „German“ ‘single’ “double” — – …", "①②③ ⅓ ½ ² ³ ™ © ®",
        "Ａｂｃ　全角", "\u0301\u0301 combining only", "e\u0301 vs é", "ﷺ ﷽", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐛𝐨𝐥𝐝",
        "Привет, мир! Ёжик", "مرحبا بالعالم", "שלום עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก",
        "1234567890 3.14159 -42 1e-10 0x1F", "ALL CAPS SENTENCE", "CamelCaseIdentifierName",
        "snake_case_identifier", "\x0b\x0c vertical tab and form feed", "\u2028\u2029 separators",
        "\ud7ff\ue000\uf8ff private use", "\U0001F600" * 50, "unaffable", "##hash ##prefix",
        "\u0378 unassigned", "\U0001FAE8 new emoji", "\u00ad soft\u00adhyphen",
    ]


def real_prompts(data, rng):
    out = []
    sharegpt = json.load(open(os.path.join(data, "real-user-prompts",
                                           "sharegpt_first_turn_sampled_2978.json")))
    texts = [c["conversations"][0]["value"] for c in sharegpt if c["conversations"]]
    out += rng.sample(texts, 500)
    for path in sorted(glob.glob(os.path.join(data, "routerbench-subset", "*.csv"))):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        for r in rng.sample(rows, 100):
            out.append(" ".join(eval_list(r["prompt"])))
    mmlu = sorted(glob.glob(os.path.join(data, "routellm-evals", "mmlu_responses", "*.csv")))
    for path in rng.sample(mmlu, 20):
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
        out += [r["prompt"] for r in rng.sample(rows, 5)]
    return out


def eval_list(literal):
    import ast
    value = ast.literal_eval(literal)
    return value if isinstance(value, list) else [str(value)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--tokenizer", default=os.path.join(
        ROOT, ".cache", "models", "all-minilm-l6-v2-tokenizer.json"))
    ap.add_argument("--max-length", type=int, default=512)
    ap.add_argument("--out", default=os.path.join(
        ROOT, "services", "embedder", "fixtures", "tokenizer-reference.jsonl"))
    args = ap.parse_args()
    tok = Tokenizer.from_file(args.tokenizer)
    tok.no_padding()
    tok.enable_truncation(max_length=args.max_length)
    rng = random.Random(4)
    strings = edge_cases() + real_prompts(args.data, rng)
    with open(args.out, "w", encoding="utf-8") as f:
        for s in strings:
            ids = tok.encode(s).ids
            f.write(json.dumps({"text": s, "ids": ids}, ensure_ascii=False) + "\n")
    print(f"wrote {len(strings)} strings to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
