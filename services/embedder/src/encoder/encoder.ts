import type { Encoding, Tokenizer, TruncationStrategy } from '../tokenizer/wordpiece.js';
import { createTokenizer } from '../tokenizer/wordpiece.js';
import { loadVocab } from '../tokenizer/vocab.js';
import {
  assertFilesExist,
  batchTensors,
  fileVersion,
  openEncoderSession,
  requiredOutput,
} from './onnx-session.js';
import { meanPoolRow } from './pooling.js';

/** Options of {@link createEncoder}. */
export interface EncoderOptions {
  /** ONNX sentence encoder (inputs input_ids, attention_mask, token_type_ids). */
  modelPath: string;
  /** `tokenizer.json` (WordPiece) or `vocab.txt` of the same model. */
  vocabPath: string;
  /**
   * Sequence cap including [CLS]/[SEP]. Default 256, the length all-MiniLM-L6-v2 was tuned for
   * (its sentence-transformers max_seq_length); at most 512, the position-embedding limit.
   */
  maxTokens?: number;
  /** How longer texts are cut; default `head-tail` (see TruncationStrategy). */
  truncation?: TruncationStrategy;
  /** ONNX Runtime intra-op threads; default: the runtime's choice (all cores). */
  intraOpThreads?: number;
  /** Largest number of texts sent to the model in one run; longer inputs are split. Default 32. */
  maxBatchSize?: number;
}

/** One embedded text. */
export interface EmbeddingResult {
  /** Mean-pooled, L2-normalised sentence embedding (dim floats). */
  embedding: Float32Array;
  /** Tokens fed to the model, including [CLS] and [SEP]. */
  tokens: number;
  /** True when the text was cut to maxTokens. */
  truncated: boolean;
}

/** A loaded sentence encoder. */
export interface Encoder {
  readonly dim: number;
  /** `<model file>@<sha256 prefix>/max<maxTokens>/<truncation>`: recorded with every embedding. */
  readonly version: string;
  readonly tokenizer: Tokenizer;
  /**
   * Embeds texts, results in input order. Texts are sorted by length and sent in runs of at most
   * maxBatchSize, each padded to its longest text.
   */
  embed(texts: readonly string[]): Promise<EmbeddingResult[]>;
  /** Runs the model on already tokenised texts (one ONNX run, no splitting). */
  embedEncodings(batch: readonly Encoding[]): Promise<EmbeddingResult[]>;
  close(): Promise<void>;
}

/** Loads the vocabulary and the ONNX model; fails with EncoderSetupError when they do not fit. */
export async function createEncoder(options: EncoderOptions): Promise<Encoder> {
  assertFilesExist({ model: options.modelPath, vocabulary: options.vocabPath });
  const vocab = loadVocab(options.vocabPath);
  const tokenizer = createTokenizer({
    vocab,
    maxTokens: options.maxTokens ?? 256,
    truncation: options.truncation ?? 'head-tail',
  });
  const session = await openEncoderSession(options.modelPath, options.intraOpThreads);
  const version = `${await fileVersion(options.modelPath)}/max${tokenizer.maxTokens}/${tokenizer.truncation}`;
  const maxBatch = options.maxBatchSize ?? 32;
  let dim = 384;

  async function embedEncodings(batch: readonly Encoding[]): Promise<EmbeddingResult[]> {
    if (batch.length === 0) return [];
    const { feeds, seqLen, mask } = batchTensors(batch, vocab.padId);
    const output = (await session.run(feeds))[requiredOutput];
    if (!output || output.dims.length !== 3) {
      throw new Error(`model output ${requiredOutput} is not [batch, seq, dim]`);
    }
    dim = Number(output.dims[2]);
    const hidden = output.data as Float32Array;
    return batch.map((b, row) => ({
      embedding: meanPoolRow(hidden, mask, row, seqLen, dim),
      tokens: b.length,
      truncated: b.truncated,
    }));
  }

  return {
    get dim() {
      return dim;
    },
    version,
    tokenizer,
    embedEncodings,
    async embed(texts) {
      const encodings = texts.map((t) => tokenizer.encode(t));
      // Runs take texts in length order, so each pads to a length close to its own texts'.
      const order = encodings
        .map((_, i) => i)
        .sort((a, b) => encodings[a]!.length - encodings[b]!.length);
      const results: EmbeddingResult[] = new Array<EmbeddingResult>(texts.length);
      for (let i = 0; i < order.length; i += maxBatch) {
        const idx = order.slice(i, i + maxBatch);
        const out = await embedEncodings(idx.map((j) => encodings[j]!));
        idx.forEach((j, k) => (results[j] = out[k]!));
      }
      return results;
    },
    close: () => session.release(),
  };
}
