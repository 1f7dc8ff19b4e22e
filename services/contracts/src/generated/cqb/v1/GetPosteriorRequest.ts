// Original file: ../../proto/cqb/v1/admin.proto


export interface GetPosteriorRequest {
  'llm'?: (string);
}

export interface GetPosteriorRequest__Output {
  'llm': (string);
}
