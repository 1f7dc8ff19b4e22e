// Original file: ../../proto/cqb/v1/events.proto

export const Outcome = {
  OUTCOME_UNSPECIFIED: 'OUTCOME_UNSPECIFIED',
  OUTCOME_SATISFIED: 'OUTCOME_SATISFIED',
  OUTCOME_RETRIED: 'OUTCOME_RETRIED',
} as const;

export type Outcome =
  | 'OUTCOME_UNSPECIFIED'
  | 0
  | 'OUTCOME_SATISFIED'
  | 1
  | 'OUTCOME_RETRIED'
  | 2

export type Outcome__Output = typeof Outcome[keyof typeof Outcome]
