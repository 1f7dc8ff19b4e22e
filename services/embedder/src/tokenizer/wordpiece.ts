import { normalizeBertText, preTokenizeBert } from './bert-text.js';
import type { Vocab } from './vocab.js';

/** Words longer than this many code points become a single `[UNK]` (BERT's default). */
const maxInputCharsPerWord = 100;

/** Largest sequence the position embeddings of BERT-style encoders allow. */
export const maxModelTokens = 512;

/** One tokenised text: ids with `[CLS]`/`[SEP]`, and whether the text was cut. */
export interface Encoding {
  ids: number[];
  /** Number of ids including `[CLS]` and `[SEP]`. */
  length: number;
  /** True when the text had more word pieces than fit in maxTokens. */
  truncated: boolean;
}

/**
 * How a text longer than maxTokens is cut. `right` keeps the start (the reference tokenizer's
 * rule). `head-tail` keeps the first headTokens pieces and the last ones: few-shot prompts share
 * a long identical preamble and put the actual question at the end, so keeping only the start
 * would give every such prompt the same embedding.
 */
export type TruncationStrategy = 'right' | 'head-tail';

/** Options of {@link createTokenizer}. */
export interface TokenizerOptions {
  vocab: Vocab;
  /** Sequence length cap including `[CLS]` and `[SEP]`; 2..512, default 256. */
  maxTokens?: number;
  /** Default `head-tail`. */
  truncation?: TruncationStrategy;
  /** Word pieces kept from the start under `head-tail`; default 64 (capped by maxTokens - 2). */
  headTokens?: number;
}

/** An exact BERT WordPiece tokenizer. */
export interface Tokenizer {
  readonly maxTokens: number;
  readonly truncation: TruncationStrategy;
  encode(text: string): Encoding;
  /** The word pieces of a text, without special tokens or truncation: for inspection. */
  pieces(text: string): string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Greedy longest-match-first split of one word; `[UNK]` for the whole word if any part fails. */
function splitWord(word: string, vocab: Vocab, out: number[]): void {
  const chars = Array.from(word);
  if (chars.length > maxInputCharsPerWord) {
    out.push(vocab.unkId);
    return;
  }
  const start = out.length;
  let begin = 0;
  while (begin < chars.length) {
    let end = chars.length;
    let found: number | undefined;
    while (end > begin) {
      const piece = (begin > 0 ? '##' : '') + chars.slice(begin, end).join('');
      found = vocab.ids.get(piece);
      if (found !== undefined) break;
      end--;
    }
    if (found === undefined) {
      out.length = start;
      out.push(vocab.unkId);
      return;
    }
    out.push(found);
    begin = end;
  }
}

/**
 * Creates the tokenizer the model expects: special tokens (`[MASK]`, ...) written in the raw text
 * are kept whole, the rest is BERT-normalised, split into words and then into word pieces.
 */
export function createTokenizer(options: TokenizerOptions): Tokenizer {
  const { vocab } = options;
  const maxTokens = options.maxTokens ?? 256;
  if (!Number.isInteger(maxTokens) || maxTokens < 2 || maxTokens > maxModelTokens) {
    throw new RangeError(`maxTokens must be an integer in 2..${maxModelTokens}, got ${maxTokens}`);
  }
  const truncation = options.truncation ?? 'head-tail';
  const headTokens = Math.min(options.headTokens ?? 64, maxTokens - 2);
  const specials = [...vocab.specialTokens.keys()].map(escapeRegExp).join('|');
  const specialRe = specials ? new RegExp(`(${specials})`) : undefined;
  const normalize = { lowercase: vocab.lowercase, stripAccents: vocab.lowercase };

  function contentIds(text: string): number[] {
    const ids: number[] = [];
    const parts = specialRe ? text.split(specialRe) : [text];
    parts.forEach((part, i) => {
      // split() with a capture group puts the matched special tokens at odd indices.
      const special = i % 2 === 1 ? vocab.specialTokens.get(part) : undefined;
      if (special !== undefined) ids.push(special);
      else
        for (const w of preTokenizeBert(normalizeBertText(part, normalize)))
          splitWord(w, vocab, ids);
    });
    return ids;
  }

  const byId = new Map<number, string>();
  for (const [token, id] of vocab.ids) byId.set(id, token);

  function cut(content: number[]): number[] {
    const room = maxTokens - 2;
    if (truncation === 'right') return content.slice(0, room);
    return [
      ...content.slice(0, headTokens),
      ...content.slice(content.length - (room - headTokens)),
    ];
  }

  return {
    maxTokens,
    truncation,
    encode(text) {
      const content = contentIds(text);
      const truncated = content.length > maxTokens - 2;
      const ids = [vocab.clsId, ...(truncated ? cut(content) : content), vocab.sepId];
      return { ids, length: ids.length, truncated };
    },
    pieces(text) {
      return contentIds(text).map((id) => byId.get(id) ?? '[UNK]');
    },
  };
}
