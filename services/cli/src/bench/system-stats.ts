/**
 * Pure arithmetic of the system benchmark: per-query overhead and stage split from the client's
 * clock readings and the timestamps the services stamp on the answer, and their percentiles.
 * All times are epoch milliseconds on one host, so client and server clocks agree.
 */

/** What the load driver saw of one Submit call. */
export interface ClientTiming {
  queryId: string;
  /** Epoch ms (sub-ms precision) just before the call was sent. */
  sentAtMs: number;
  /** Epoch ms just after the response arrived. */
  receivedAtMs: number;
}

/** Server timestamps of one answered query (from the Answer and Feedback events). */
export interface ServerTiming {
  queryReceivedAtMs: number;
  embeddedAtMs: number;
  decidedAtMs: number;
  answeredAtMs: number;
  backendLatencyMs: number;
  /** When feedback finalised the outcome; absent when not (yet) observed. */
  feedbackDecidedAtMs?: number;
}

/** One query's overhead and its split, in ms. ingest + embed + queueWait + dispatch = overhead. */
export interface QueryBreakdown {
  /** Client round trip. */
  roundTrip: number;
  /** Round trip minus backend time: what the router adds. */
  overhead: number;
  /** Overhead minus the embed stage (the goal's "2 ms plus embedding time"). */
  overheadExclEmbed: number;
  /** Client to ingest receipt plus answer to client (gRPC both ways, answer delivery to ingest). */
  ingest: number;
  /** Ingest receipt to embedding (bus hop, batching wait, the encoder). */
  embed: number;
  /** Embedding to the scheduler's decision. */
  queueWait: number;
  /** Decision to answer, minus backend time. */
  dispatch: number;
  /** Answer to the finalised outcome, minus the retry window (off the client's path). */
  feedback?: number;
}

/** Splits one query; feedback is omitted when its timestamp is missing. */
export function breakdown(
  client: ClientTiming,
  server: ServerTiming,
  retryWindowMs: number,
): QueryBreakdown {
  const roundTrip = client.receivedAtMs - client.sentAtMs;
  const overhead = roundTrip - server.backendLatencyMs;
  const ingest =
    server.queryReceivedAtMs - client.sentAtMs + (client.receivedAtMs - server.answeredAtMs);
  const embed = server.embeddedAtMs - server.queryReceivedAtMs;
  const out: QueryBreakdown = {
    roundTrip,
    overhead,
    overheadExclEmbed: overhead - embed,
    ingest,
    embed,
    queueWait: server.decidedAtMs - server.embeddedAtMs,
    dispatch: server.answeredAtMs - server.decidedAtMs - server.backendLatencyMs,
  };
  if (server.feedbackDecidedAtMs !== undefined) {
    out.feedback = server.feedbackDecidedAtMs - server.answeredAtMs - retryWindowMs;
  }
  return out;
}

/** Percentiles of a sample in ms, rounded to 0.01 ms. */
export interface Summary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentiles (p: the smallest value with at least p of the sample at or below it). */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (v: number): number => Math.round(v * 100) / 100;
  if (sorted.length === 0) return { count: 0, p50: 0, p99: 0, mean: 0, max: 0 };
  const at = (q: number): number => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
  const mean = sorted.reduce((a, v) => a + v, 0) / sorted.length;
  return {
    count: sorted.length,
    p50: r(at(0.5)),
    p99: r(at(0.99)),
    mean: r(mean),
    max: r(sorted[sorted.length - 1] as number),
  };
}

/** The stage names of the split, in path order. */
export const STAGES = ['ingest', 'embed', 'queueWait', 'dispatch', 'feedback'] as const;

/** Summaries of overhead, round trip and every stage over many queries. */
export function summarizeBreakdowns(rows: readonly QueryBreakdown[]): {
  overhead: Summary;
  overheadExclEmbed: Summary;
  roundTrip: Summary;
  stages: Record<(typeof STAGES)[number], Summary>;
} {
  const pick = (f: (b: QueryBreakdown) => number | undefined): Summary =>
    summarize(rows.map(f).filter((v): v is number => v !== undefined));
  return {
    overhead: pick((b) => b.overhead),
    overheadExclEmbed: pick((b) => b.overheadExclEmbed),
    roundTrip: pick((b) => b.roundTrip),
    stages: {
      ingest: pick((b) => b.ingest),
      embed: pick((b) => b.embed),
      queueWait: pick((b) => b.queueWait),
      dispatch: pick((b) => b.dispatch),
      feedback: pick((b) => b.feedback),
    },
  };
}

/** Send offsets (ms from start) of a steady open-loop arrival process: one every 1000/rate ms. */
export function steadySchedule(count: number, ratePerSec: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 1000) / ratePerSec);
}
