// Original file: ../../proto/cqb/v1/router.proto


export interface SubmitRequest {
  'tenant'?: (string);
  'user'?: (string);
  'session'?: (string);
  'text'?: (string);
  /**
   * Query id of an earlier query of the same tenant and user that this one regenerates.
   */
  'retryOf'?: (string);
}

export interface SubmitRequest__Output {
  'tenant': (string);
  'user': (string);
  'session': (string);
  'text': (string);
  /**
   * Query id of an earlier query of the same tenant and user that this one regenerates.
   */
  'retryOf': (string);
}
