/** Why a Submit or GiveFeedback request was refused before anything was published. */
export class InvalidRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidRequestError';
  }
}

/** The request names a query that belongs to another tenant or user. */
export class ForeignQueryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ForeignQueryError';
  }
}

/** Too many calls are waiting for answers; the client should back off and retry. */
export class OverloadedError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OverloadedError';
  }
}

/** The backend failed to answer after the dispatcher's bounded retries. */
export class AnswerFailedError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnswerFailedError';
  }
}

/** The client's deadline passed before the answer arrived. */
export class DeadlineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeadlineError';
  }
}

/** The call ended before its answer: client cancel or ingest shutting down. */
export class CallAbortedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CallAbortedError';
  }
}

/** The query could not be published to the bus; nothing was accepted. */
export class PublishFailedError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishFailedError';
  }
}
