import type { Codec } from './codec.js';
import { createCodec } from './codec.js';
import type { Answer__Output } from './generated/cqb/v1/Answer.js';
import type { Assignment__Output } from './generated/cqb/v1/Assignment.js';
import type { CapacityReport__Output } from './generated/cqb/v1/CapacityReport.js';
import type { Feedback__Output } from './generated/cqb/v1/Feedback.js';
import type { PosteriorChanged__Output } from './generated/cqb/v1/PosteriorChanged.js';
import type { QueryEmbedded__Output } from './generated/cqb/v1/QueryEmbedded.js';
import type { QueryReceived__Output } from './generated/cqb/v1/QueryReceived.js';
import type { VerdictGiven__Output } from './generated/cqb/v1/VerdictGiven.js';

/** A query accepted by ingest (topic `cqb.queries.v1`, key tenant/user, id = query id). */
export type QueryReceived = QueryReceived__Output;
/** A query with its embedding and context (topic `cqb.embedded.v1`, id = query id). */
export type QueryEmbedded = Omit<QueryEmbedded__Output, 'query'> & { query: QueryReceived };
/** One scheduling decision (topic `cqb.assignments.v1`, key LLM, id = query id). */
export type Assignment = Omit<Assignment__Output, 'query'> & { query: QueryEmbedded };
/** The dispatcher's result for one assignment (topic `cqb.answers.v1`, id = query id). */
export type Answer = Omit<Answer__Output, 'assignment'> & { assignment: Assignment };
/** One finalised outcome of an answer (topic `cqb.feedback.v1`, key LLM, id = query id). */
export type Feedback = Feedback__Output;
/** An explicit verdict from Router.GiveFeedback (topic `cqb.verdicts.v1`, id = query id). */
export type VerdictGiven = VerdictGiven__Output;
/** Free capacity of one LLM (topic `cqb.capacity.v1`, key LLM, id = dispatcher id + seq). */
export type CapacityReport = CapacityReport__Output;
/** Notice that an LLM's stored posterior changed (topic `cqb.posterior.v1`, key LLM). */
export type PosteriorChanged = PosteriorChanged__Output;

/** A Kafka topic: its default name and the one message type it carries. */
export interface TopicSpec<T> {
  readonly name: string;
  readonly codec: Codec<T>;
}

function topic<T>(name: string, typeName: string): TopicSpec<T> {
  let codec: Codec<T> | undefined;
  return {
    name,
    get codec(): Codec<T> {
      codec ??= createCodec<T>(typeName);
      return codec;
    },
  };
}

/** Every topic of the system with its default (versioned) name. Names are configurable. */
export const topics = {
  queries: topic<QueryReceived>('cqb.queries.v1', 'cqb.v1.QueryReceived'),
  embedded: topic<QueryEmbedded>('cqb.embedded.v1', 'cqb.v1.QueryEmbedded'),
  assignments: topic<Assignment>('cqb.assignments.v1', 'cqb.v1.Assignment'),
  answers: topic<Answer>('cqb.answers.v1', 'cqb.v1.Answer'),
  feedback: topic<Feedback>('cqb.feedback.v1', 'cqb.v1.Feedback'),
  verdicts: topic<VerdictGiven>('cqb.verdicts.v1', 'cqb.v1.VerdictGiven'),
  capacity: topic<CapacityReport>('cqb.capacity.v1', 'cqb.v1.CapacityReport'),
  posterior: topic<PosteriorChanged>('cqb.posterior.v1', 'cqb.v1.PosteriorChanged'),
} as const;

/** Name of the topic set, as used in configuration (`queries`, `embedded`, ...). */
export type TopicKey = keyof typeof topics;

/** Returns a copy of a topic spec under another name (for per-test or per-tenant prefixes). */
export function renameTopic<T>(spec: TopicSpec<T>, name: string): TopicSpec<T> {
  return {
    name,
    get codec() {
      return spec.codec;
    },
  };
}

/**
 * The topic under the deployment's prefix (`CQB_TOPIC_PREFIX`), so that runs sharing a broker stay
 * apart; the spec itself when the prefix is empty.
 */
export function prefixTopic<T>(spec: TopicSpec<T>, prefix: string): TopicSpec<T> {
  return prefix ? renameTopic(spec, prefix + spec.name) : spec;
}
