// Original file: ../../proto/cqb/v1/events.proto

export const AnswerStatus = {
  ANSWER_STATUS_UNSPECIFIED: 'ANSWER_STATUS_UNSPECIFIED',
  ANSWER_STATUS_OK: 'ANSWER_STATUS_OK',
  /**
   * The backend failed after the dispatcher's bounded retries; not a user retry.
   */
  ANSWER_STATUS_FAILED: 'ANSWER_STATUS_FAILED',
} as const;

export type AnswerStatus =
  | 'ANSWER_STATUS_UNSPECIFIED'
  | 0
  | 'ANSWER_STATUS_OK'
  | 1
  /**
   * The backend failed after the dispatcher's bounded retries; not a user retry.
   */
  | 'ANSWER_STATUS_FAILED'
  | 2

export type AnswerStatus__Output = typeof AnswerStatus[keyof typeof AnswerStatus]
