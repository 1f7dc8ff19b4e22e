import { readFileSync } from 'node:fs';

/** A WordPiece vocabulary: token → id, plus the ids of the special tokens. */
export interface Vocab {
  ids: Map<string, number>;
  size: number;
  unkId: number;
  clsId: number;
  sepId: number;
  padId: number;
  /** Special tokens matched verbatim in raw text before normalisation, e.g. `[MASK]`. */
  specialTokens: Map<string, number>;
  /** Whether the model lower-cases (and so, by BERT's default, strips accents). */
  lowercase: boolean;
}

/** Thrown when a vocabulary file is missing or lacks the tokens BERT needs. */
export class VocabError extends Error {
  override readonly name = 'VocabError';
}

const specialNames = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

interface TokenizerJson {
  model?: { type?: string; vocab?: Record<string, number> };
  normalizer?: { lowercase?: boolean } | null;
  added_tokens?: { id: number; content: string; special?: boolean }[];
}

function parseVocab(path: string, text: string): { ids: Map<string, number>; lowercase: boolean } {
  if (!path.endsWith('.json')) {
    const ids = new Map<string, number>();
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.length > 0) ids.set(line, i);
    });
    return { ids, lowercase: true };
  }
  const json = JSON.parse(text) as TokenizerJson;
  if (json.model?.type !== 'WordPiece' || !json.model.vocab) {
    throw new VocabError(`${path}: not a WordPiece tokenizer.json (model.type must be WordPiece)`);
  }
  return {
    ids: new Map(Object.entries(json.model.vocab)),
    lowercase: json.normalizer?.lowercase ?? true,
  };
}

function requireId(ids: Map<string, number>, token: string, path: string): number {
  const id = ids.get(token);
  if (id === undefined) throw new VocabError(`${path}: vocabulary has no ${token} token`);
  return id;
}

/**
 * Loads a BERT vocabulary from a `vocab.txt` (one token per line, id = line number) or a Hugging
 * Face `tokenizer.json` with a WordPiece model.
 */
export function loadVocab(path: string): Vocab {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new VocabError(`vocabulary file not readable: ${path}`, { cause: err });
  }
  const { ids, lowercase } = parseVocab(path, text);
  const specialTokens = new Map<string, number>();
  for (const name of specialNames) {
    const id = ids.get(name);
    if (id !== undefined) specialTokens.set(name, id);
  }
  return {
    ids,
    size: ids.size,
    unkId: requireId(ids, '[UNK]', path),
    clsId: requireId(ids, '[CLS]', path),
    sepId: requireId(ids, '[SEP]', path),
    padId: requireId(ids, '[PAD]', path),
    specialTokens,
    lowercase,
  };
}
