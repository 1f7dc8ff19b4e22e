// Original file: ../../proto/cqb/v1/router.proto


export interface GiveFeedbackResponse {
  /**
   * True when this call decided the answer's outcome; false when it was already decided.
   */
  'accepted'?: (boolean);
}

export interface GiveFeedbackResponse__Output {
  /**
   * True when this call decided the answer's outcome; false when it was already decided.
   */
  'accepted': (boolean);
}
