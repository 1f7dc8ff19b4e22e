import type { Feedback } from '@cqb/contracts';

type Outcome = Feedback['outcome'];
type FeedbackSource = Feedback['source'];

/** How an answer ended: kept (satisfied) or asked again (retried). */
export type OutcomeName = 'satisfied' | 'retried';

/** What decided the outcome, as stored in the database. */
export type SourceName = 'window_closed' | 'retry_of' | 'similar_query' | 'explicit';

/** One decision to apply to a pending answer. */
export interface OutcomeDecision {
  queryId: string;
  outcome: OutcomeName;
  source: SourceName;
  /** Query id of the retry that decided it, or ''. */
  retriedBy: string;
}

const outcomeEnum: Record<OutcomeName, Outcome> = {
  satisfied: 'OUTCOME_SATISFIED',
  retried: 'OUTCOME_RETRIED',
};

const sourceEnum: Record<SourceName, FeedbackSource> = {
  window_closed: 'FEEDBACK_SOURCE_WINDOW_CLOSED',
  retry_of: 'FEEDBACK_SOURCE_RETRY_OF',
  similar_query: 'FEEDBACK_SOURCE_SIMILAR_QUERY',
  explicit: 'FEEDBACK_SOURCE_EXPLICIT',
};

/** The proto enum value of an outcome. */
export const outcomeToProto = (o: OutcomeName): Outcome => outcomeEnum[o];
/** The proto enum value of a source. */
export const sourceToProto = (s: SourceName): FeedbackSource => sourceEnum[s];
