import type { Answer, QueryEmbedded } from '@cqb/contracts';

/** Builds an embedded query for tests; every field has a plain default. */
export function embeddedQuery(patch: {
  queryId: string;
  user?: string;
  receivedAtMs?: number;
  retryOf?: string;
  embedding?: number[];
  context?: number[];
}): QueryEmbedded {
  return {
    query: {
      queryId: patch.queryId,
      tenant: 't',
      user: patch.user ?? 'alice',
      session: '',
      text: 'q',
      retryOf: patch.retryOf ?? '',
      receivedAtMs: patch.receivedAtMs ?? 0,
      deadlineAtMs: 0,
    },
    embedding: patch.embedding ?? [1, 0, 0],
    context: patch.context ?? [0.6, 0.8],
    encoderVersion: 'enc1',
    headVersion: 'head1',
    tokenCount: 1,
    truncated: false,
    embeddedAtMs: 0,
  };
}

/** Builds an answer to `query` from `llm` for tests. */
export function answerOf(
  query: QueryEmbedded,
  llm: string,
  answeredAtMs: number,
  status: Answer['status'] = 'ANSWER_STATUS_OK',
): Answer {
  return {
    assignment: {
      query,
      llm,
      policy: 'acqb',
      explored: false,
      sampledScore: 0.5,
      round: 1,
      queueLength: 1,
      decidedAtMs: answeredAtMs,
      schedulerId: 's',
      posteriorVersion: 0,
    },
    status,
    text: 'a',
    error: '',
    backendLatencyMs: 1,
    promptTokens: 1,
    completionTokens: 1,
    costUsd: 0,
    dispatchAttempts: 1,
    answeredAtMs,
  };
}
