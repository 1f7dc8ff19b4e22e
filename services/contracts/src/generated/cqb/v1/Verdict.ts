// Original file: ../../proto/cqb/v1/router.proto

export const Verdict = {
  VERDICT_UNSPECIFIED: 'VERDICT_UNSPECIFIED',
  VERDICT_SATISFIED: 'VERDICT_SATISFIED',
  VERDICT_UNSATISFIED: 'VERDICT_UNSATISFIED',
} as const;

export type Verdict =
  | 'VERDICT_UNSPECIFIED'
  | 0
  | 'VERDICT_SATISFIED'
  | 1
  | 'VERDICT_UNSATISFIED'
  | 2

export type Verdict__Output = typeof Verdict[keyof typeof Verdict]
