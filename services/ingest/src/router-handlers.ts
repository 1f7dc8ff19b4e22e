import type { ServerUnaryCall } from '@grpc/grpc-js';
import type {
  GiveFeedbackRequest,
  GiveFeedbackResponse,
  QueryReceived,
  RouterHandlers,
  SubmitRequest,
  SubmitResponse,
  TopicSpec,
  VerdictGiven,
} from '@cqb/contracts';
import type { EventBus, Logger } from '@cqb/runtime';
import {
  SpanAttr,
  SpanName,
  traceparentHeaders,
  traceparentOf,
  unaryHandler,
  withSpan,
} from '@cqb/runtime';
import type { AnswerWaiters } from './answer-waiters.js';
import { AnswerFailedError, InvalidRequestError, PublishFailedError } from './errors.js';
import type { RecentQueries } from './recent-queries.js';
import { checkRetryOf, isSuspectUtf8, validateSubmit } from './validation.js';
import type { ValidSubmit } from './validation.js';

/** What the Router handlers need; built by `createIngestService`. */
export interface RouterHandlerDeps {
  bus: EventBus;
  logger: Logger;
  topics: { queries: TopicSpec<QueryReceived>; verdicts: TopicSpec<VerdictGiven> };
  waiters: AnswerWaiters;
  recent: RecentQueries;
  maxTextBytes: number;
  /** Longest wait for an answer when the client sets no deadline, in ms. */
  maxWaitMs: number;
  nextId: () => string;
  now: () => number;
  /** Called once per query published (for metrics). */
  onAccepted?: (query: QueryReceived) => void;
}

function deadlineOf(call: ServerUnaryCall<unknown, unknown>, cap: number): number {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, cap) : cap;
}

/**
 * Builds the `cqb.v1.Router` handlers. Submit validates, registers the call as waiting (bounded),
 * publishes a `QueryReceived` keyed `${tenant}/${user}` with the query id as event id, and
 * completes when the answers consumer delivers the matching answer, or fails on deadline, cancel
 * or a FAILED answer. GiveFeedback publishes a `VerdictGiven` for the feedback service.
 */
export function createRouterHandlers(deps: RouterHandlerDeps): RouterHandlers {
  const { bus, logger, waiters, recent } = deps;

  async function submit(
    _request: SubmitRequest,
    call: ServerUnaryCall<SubmitRequest, SubmitResponse>,
  ): Promise<SubmitResponse> {
    const valid = validateSubmit(call.request, { maxTextBytes: deps.maxTextBytes, recent });
    const queryId = deps.nextId();
    // The query's stage span, child of the gRPC server span (when the preload traces gRPC); a
    // retry links to the trace of the query it retries, when this replica accepted that one.
    const attributes: Record<string, string> = {
      [SpanAttr.queryId]: queryId,
      [SpanAttr.tenant]: valid.tenant,
    };
    if (valid.retryOf !== '') attributes[SpanAttr.retryOf] = valid.retryOf;
    const retried = valid.retryOf === '' ? undefined : recent.get(valid.retryOf)?.traceparent;
    const links = [traceparentHeaders(retried)];
    return withSpan(SpanName.ingestSubmit, { attributes, links }, () =>
      accept(call, valid, queryId),
    );
  }

  async function accept(
    call: ServerUnaryCall<SubmitRequest, SubmitResponse>,
    valid: ValidSubmit,
    queryId: string,
  ): Promise<SubmitResponse> {
    const receivedAtMs = deps.now();
    const deadlineAtMs = deadlineOf(call, receivedAtMs + deps.maxWaitMs);
    const controller = new AbortController();
    call.once('cancelled', () => controller.abort());
    const answer = waiters.register(queryId, { deadlineAtMs, signal: controller.signal });
    recent.remember(queryId, {
      tenant: valid.tenant,
      user: valid.user,
      traceparent: traceparentOf(),
    });
    const value: QueryReceived = { queryId, receivedAtMs, deadlineAtMs, ...valid };
    const key = `${valid.tenant}/${valid.user}`;
    try {
      await bus.publish(deps.topics.queries, [{ key, id: queryId, value }]);
    } catch (cause) {
      const error = new PublishFailedError('could not accept the query, try again', { cause });
      logger.warn({ err: cause, queryId }, 'publishing a query failed');
      waiters.fail(queryId, error);
      throw error;
    }
    deps.onAccepted?.(value);
    logger.debug({ queryId }, 'query accepted');
    const result = await answer;
    if (result.status === 'ANSWER_STATUS_FAILED') {
      throw new AnswerFailedError(`the LLM backend failed to answer: ${result.error}`);
    }
    const response: SubmitResponse = {
      queryId,
      llm: result.assignment.llm,
      answer: result.text,
      latencyMs: deps.now() - receivedAtMs,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      costUsd: result.costUsd,
    };
    return response;
  }

  async function giveFeedback(request: GiveFeedbackRequest): Promise<GiveFeedbackResponse> {
    const { tenant, user, queryId, verdict } = request;
    for (const [name, value] of Object.entries({ tenant, user, query_id: queryId })) {
      if (value.trim() === '' || isSuspectUtf8(value)) {
        throw new InvalidRequestError(`${name} is required`);
      }
    }
    if (verdict !== 'VERDICT_SATISFIED' && verdict !== 'VERDICT_UNSATISFIED') {
      throw new InvalidRequestError('verdict must be SATISFIED or UNSATISFIED');
    }
    // A query unknown here may have been accepted by another replica: only a known owner
    // mismatch is refused; the feedback service checks ownership against its own records.
    if (recent.get(queryId)) checkRetryOf(queryId, tenant.trim(), user.trim(), recent);
    const value: VerdictGiven = { queryId, tenant, user, verdict, givenAtMs: deps.now() };
    try {
      await bus.publish(deps.topics.verdicts, [{ key: `${tenant}/${user}`, id: queryId, value }]);
    } catch (cause) {
      throw new PublishFailedError('could not record the verdict, try again', { cause });
    }
    return { accepted: true };
  }

  return {
    Submit: unaryHandler(submit, logger),
    GiveFeedback: unaryHandler(giveFeedback, logger),
  };
}
