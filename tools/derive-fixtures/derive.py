#!/usr/bin/env python3
"""Derive the committed data fixtures under data/ from the raw public datasets.

Usage: python3 tools/derive-fixtures/derive.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR defaults to /work/shared/data (layout described in data/NOTICE.md),
  OUT_DIR defaults to the repository's data/ folder.

The output is deterministic: running it twice gives byte-identical files (rows in source order,
keys in a fixed order, UTF-8 JSON without ASCII escaping, "\n" line ends). Python-list literals in
the RouterBench CSVs are parsed with ast.literal_eval, a literal parser that never executes code.
"""
import ast
import csv
import glob
import json
import math
import os
import shutil
import sys

csv.field_size_limit(1 << 30)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data'
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, 'data')

ROUTERBENCH_LLMS = [
    'WizardLM/WizardLM-13B-V1.2', 'claude-instant-v1', 'claude-v1', 'claude-v2',
    'gpt-3.5-turbo-1106', 'gpt-4-1106-preview', 'meta/code-llama-instruct-34b-chat',
    'meta/llama-2-70b-chat', 'mistralai/mistral-7b-chat', 'mistralai/mixtral-8x7b-chat',
    'zero-one-ai/Yi-34B-Chat',
]
ROUTERBENCH_FILES = [('arc', 'arc_challenge'), ('mbpp', 'mbpp'), ('winogrande', 'winograde')]

# RouteLLM outcomes carry no cost. List prices in USD per 1k tokens (prompt, completion), as
# published by OpenAI for gpt-4-1106-preview ($10 / $30 per 1M tokens) and by Together AI for
# Mixtral-8x7B-Instruct-v0.1 ($0.60 / $0.60 per 1M tokens) in early 2024.
ROUTELLM_LLMS = [
    ('mistralai/Mixtral-8x7B-Instruct-v0.1', 0.0006, 0.0006),
    ('gpt-4-1106-preview', 0.01, 0.03),
]


def approx_tokens(text):
    """Approximate token count: ceil(characters / 4), at least 1 (documented in NOTICE.md)."""
    return max(1, math.ceil(len(text) / 4))


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(',', ':'))


def write_jsonl(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        for row in rows:
            f.write(dumps(row) + '\n')


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(json.dumps(obj, ensure_ascii=False, indent=2) + '\n')


def single_string(literal, where):
    value = ast.literal_eval(literal)
    if not isinstance(value, list) or len(value) != 1 or not isinstance(value[0], str):
        raise ValueError(f'{where}: expected a one-string Python list')
    return value[0]


def routerbench_rows(split):
    rows = []
    for task, stem in ROUTERBENCH_FILES:
        path = os.path.join(SRC, 'routerbench-subset', f'{stem}_{split}.csv')
        with open(path, newline='', encoding='utf-8') as f:
            for rec in csv.DictReader(f):
                if any(rec[llm] == '' for llm in ROUTERBENCH_LLMS):
                    continue  # the blank ARC rows: no outcome recorded
                sid = rec['sample_id']
                rows.append({
                    'id': sid,
                    'task': task,
                    'prompt': single_string(rec['prompt'], sid),
                    'correct': {llm: int(float(rec[llm])) for llm in ROUTERBENCH_LLMS},
                    'cost': {llm: float(rec[f'{llm}|total_cost']) for llm in ROUTERBENCH_LLMS},
                    'response': {
                        llm: single_string(rec[f'{llm}|model_response'], sid)
                        for llm in ROUTERBENCH_LLMS
                    },
                })
    ids = [r['id'] for r in rows]
    if len(set(ids)) != len(ids):
        raise ValueError(f'duplicate ids in routerbench {split}')
    return rows


def routerbench_llms(train):
    """Per-LLM prices fitted on the train split: mean cost per query, and USD per 1k tokens."""
    out = []
    for llm in ROUTERBENCH_LLMS:
        cost = sum(r['cost'][llm] for r in train)
        tokens = sum(approx_tokens(r['prompt']) + approx_tokens(r['response'][llm]) for r in train)
        out.append({
            'id': llm,
            'pricePerQuery': round(cost / len(train), 8),
            'pricePer1kTokens': round(1000 * cost / tokens, 8),
            'accuracy': round(sum(r['correct'][llm] for r in train) / len(train), 4),
        })
    return out


def truth(value, where):
    if value not in ('True', 'False'):
        raise ValueError(f'{where}: expected True/False, got {value!r}')
    return 1 if value == 'True' else 0


def routellm_cost(prompt, responses):
    cost = {}
    for llm, p_in, p_out in ROUTELLM_LLMS:
        completion = approx_tokens(responses[llm]) if responses else 1
        cost[llm] = round((approx_tokens(prompt) * p_in + completion * p_out) / 1000, 8)
    return cost


def routellm_mmlu():
    rows = []
    for path in sorted(glob.glob(os.path.join(SRC, 'routellm-evals', 'mmlu_responses', '*.csv'))):
        subject = os.path.basename(path)[len('mmlu_'):-len('.csv')]
        with open(path, newline='', encoding='utf-8') as f:
            for i, rec in enumerate(csv.DictReader(f)):
                where = f'mmlu.{subject}.{i}'
                rows.append({
                    'id': where, 'task': 'mmlu', 'subject': subject, 'prompt': rec['prompt'],
                    'correct': {llm: truth(rec[llm], where) for llm, _, _ in ROUTELLM_LLMS},
                    'cost': routellm_cost(rec['prompt'], None),
                })
    return rows


def routellm_gsm8k():
    rows = []
    with open(os.path.join(SRC, 'routellm-evals', 'gsm8k_responses.csv'), newline='',
              encoding='utf-8') as f:
        for i, rec in enumerate(csv.DictReader(f)):
            where = f'gsm8k.{i}'
            responses = {llm: rec[f'{llm}_response'] for llm, _, _ in ROUTELLM_LLMS}
            rows.append({
                'id': where, 'task': 'gsm8k', 'subject': 'gsm8k', 'prompt': rec['prompt'],
                'correct': {llm: truth(rec[llm], where) for llm, _, _ in ROUTELLM_LLMS},
                'cost': routellm_cost(rec['prompt'], responses),
                'response': responses,
            })
    return rows


def sharegpt():
    with open(os.path.join(SRC, 'real-user-prompts', 'sharegpt_first_turn_sampled_2978.json'),
              encoding='utf-8') as f:
        convs = json.load(f)
    rows = []
    for conv in convs:
        human = [t['value'] for t in conv['conversations'] if t['from'] == 'human']
        rows.append({'id': conv['id'], 'text': human[0] if human else ''})
    return rows


def main():
    train = routerbench_rows('train')
    write_jsonl(os.path.join(OUT, 'routerbench', 'train.jsonl'), train)
    write_jsonl(os.path.join(OUT, 'routerbench', 'test.jsonl'), routerbench_rows('test'))
    write_json(os.path.join(OUT, 'routerbench', 'llms.json'), routerbench_llms(train))
    write_jsonl(os.path.join(OUT, 'routellm', 'mmlu.jsonl'), routellm_mmlu())
    write_jsonl(os.path.join(OUT, 'routellm', 'gsm8k.jsonl'), routellm_gsm8k())
    write_json(os.path.join(OUT, 'routellm', 'llms.json'), [
        {'id': llm, 'pricePer1kPrompt': p_in, 'pricePer1kCompletion': p_out}
        for llm, p_in, p_out in ROUTELLM_LLMS
    ])
    write_jsonl(os.path.join(OUT, 'sharegpt', 'prompts.jsonl'), sharegpt())
    # Provenance of the raw copies (repository, commit, paths, licence), kept verbatim.
    for raw, out in (('routerbench-subset', 'routerbench'), ('routellm-evals', 'routellm')):
        shutil.copyfile(os.path.join(SRC, raw, 'SOURCE.txt'), os.path.join(OUT, out, 'SOURCE.txt'))


if __name__ == '__main__':
    main()
