/**
 * BERT text normalisation and pre-tokenisation, as in the reference `BertNormalizer` and
 * `BertPreTokenizer`: clean control characters, isolate CJK ideographs, strip accents (NFD, then
 * drop non-spacing marks), lower-case, then split on whitespace and punctuation.
 */

// Unassigned code points (Cn) are kept, as the reference does; they become [UNK].
const otherRe = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const whitespaceRe = /^\s$/u;
const punctuationRe = /^\p{P}$/u;
const nonSpacingMarkRe = /\p{Mn}/gu;

/** True for whitespace as BERT sees it (tab, newline and carriage return included). */
function isWhitespace(ch: string): boolean {
  return whitespaceRe.test(ch);
}

/** Control characters: Unicode Cc, Cf, Co and Cs, except tab, newline and carriage return. */
function isControl(ch: string): boolean {
  return ch !== '\t' && ch !== '\n' && ch !== '\r' && otherRe.test(ch);
}

/** ASCII punctuation (including symbols such as `$` and `^`) and Unicode P* categories. */
export function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  const asciiPunct =
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126);
  return asciiPunct || punctuationRe.test(ch);
}

/** The CJK Unified Ideograph blocks BERT surrounds with spaces (not kana or hangul). */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

const lowerCache = new Map<string, string>();

/** Lower-cases one code point on its own (no context rules such as Greek final sigma). */
function lowerChar(ch: string): string {
  let lower = lowerCache.get(ch);
  if (lower === undefined) {
    lower = ch.toLowerCase();
    lowerCache.set(ch, lower);
  }
  return lower;
}

/** Options of {@link normalizeBertText}; defaults are those of uncased BERT models. */
export interface BertNormalizeOptions {
  lowercase: boolean;
  stripAccents: boolean;
}

/** Applies BERT normalisation to a text that holds no special tokens. */
export function normalizeBertText(text: string, options: BertNormalizeOptions): string {
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) cleaned += ' ';
    else if (isCjk(cp)) cleaned += ` ${ch} `;
    else cleaned += ch;
  }
  if (options.stripAccents) cleaned = cleaned.normalize('NFD').replace(nonSpacingMarkRe, '');
  if (!options.lowercase) return cleaned;
  let lowered = '';
  for (const ch of cleaned) lowered += lowerChar(ch);
  return lowered;
}

/** Splits normalised text into words: on whitespace, with each punctuation mark its own word. */
export function preTokenizeBert(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of text) {
    if (isWhitespace(ch)) {
      if (current) words.push(current);
      current = '';
    } else if (isPunctuation(ch)) {
      if (current) words.push(current);
      words.push(ch);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) words.push(current);
  return words;
}
