// Original file: ../../proto/cqb/v1/events.proto

export const FeedbackSource = {
  FEEDBACK_SOURCE_UNSPECIFIED: 'FEEDBACK_SOURCE_UNSPECIFIED',
  /**
   * No retry arrived before the retry window closed.
   */
  FEEDBACK_SOURCE_WINDOW_CLOSED: 'FEEDBACK_SOURCE_WINDOW_CLOSED',
  /**
   * A later query named this one in retry_of.
   */
  FEEDBACK_SOURCE_RETRY_OF: 'FEEDBACK_SOURCE_RETRY_OF',
  /**
   * A later query of the same user was similar enough to count as a retry.
   */
  FEEDBACK_SOURCE_SIMILAR_QUERY: 'FEEDBACK_SOURCE_SIMILAR_QUERY',
  /**
   * The user called Router.GiveFeedback.
   */
  FEEDBACK_SOURCE_EXPLICIT: 'FEEDBACK_SOURCE_EXPLICIT',
} as const;

export type FeedbackSource =
  | 'FEEDBACK_SOURCE_UNSPECIFIED'
  | 0
  /**
   * No retry arrived before the retry window closed.
   */
  | 'FEEDBACK_SOURCE_WINDOW_CLOSED'
  | 1
  /**
   * A later query named this one in retry_of.
   */
  | 'FEEDBACK_SOURCE_RETRY_OF'
  | 2
  /**
   * A later query of the same user was similar enough to count as a retry.
   */
  | 'FEEDBACK_SOURCE_SIMILAR_QUERY'
  | 3
  /**
   * The user called Router.GiveFeedback.
   */
  | 'FEEDBACK_SOURCE_EXPLICIT'
  | 4

export type FeedbackSource__Output = typeof FeedbackSource[keyof typeof FeedbackSource]
