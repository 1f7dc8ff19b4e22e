import { ForeignQueryError, InvalidRequestError } from './errors.js';
import type { RecentQueries } from './recent-queries.js';

/** A Submit request after validation: every field present and trimmed where it matters. */
export interface ValidSubmit {
  tenant: string;
  user: string;
  session: string;
  text: string;
  retryOf: string;
}

/** Limits applied by {@link validateSubmit}. */
export interface ValidationOptions {
  /** Largest accepted text, in UTF-8 bytes. */
  maxTextBytes: number;
  /** Queries recently accepted by this ingest, to check `retry_of`. */
  recent: RecentQueries;
}

const REPLACEMENT_CHAR = '\uFFFD';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when a string decoded from the wire may have come from invalid UTF-8. grpc-js decodes
 * string fields leniently, replacing each invalid byte sequence by U+FFFD, so the original bytes
 * are gone by the time a handler runs. A U+FFFD in the text is therefore treated as invalid
 * input; a client that really means to send U+FFFD is refused too (a deliberate trade-off).
 */
export function isSuspectUtf8(text: string): boolean {
  return text.includes(REPLACEMENT_CHAR) || LONE_SURROGATE.test(text);
}

function requireField(name: string, value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') throw new InvalidRequestError(`${name} is required`);
  if (isSuspectUtf8(trimmed)) throw new InvalidRequestError(`${name} is not valid UTF-8`);
  return trimmed;
}

/**
 * Checks a Submit request. Throws {@link InvalidRequestError} for a missing tenant, user or
 * text, text that is empty after trimming, over `maxTextBytes`, or not valid UTF-8, and for a
 * `retry_of` this ingest does not know; throws {@link ForeignQueryError} when `retry_of` names
 * a query of another tenant or user. The text itself is passed on untrimmed.
 */
export function validateSubmit(
  request: { tenant?: string; user?: string; session?: string; text?: string; retryOf?: string },
  options: ValidationOptions,
): ValidSubmit {
  const tenant = requireField('tenant', request.tenant);
  const user = requireField('user', request.user);
  requireField('text', request.text);
  const text = request.text ?? '';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > options.maxTextBytes) {
    throw new InvalidRequestError(`text is ${bytes} bytes, over the limit of ${options.maxTextBytes}`);
  }
  const retryOf = (request.retryOf ?? '').trim();
  if (retryOf !== '') checkRetryOf(retryOf, tenant, user, options.recent);
  return { tenant, user, session: (request.session ?? '').trim(), text, retryOf };
}

/** Throws unless `queryId` is a recent query of this tenant and user. */
export function checkRetryOf(
  queryId: string,
  tenant: string,
  user: string,
  recent: RecentQueries,
): void {
  const owner = recent.get(queryId);
  if (!owner) throw new InvalidRequestError(`retry_of names an unknown query ${queryId}`);
  if (owner.tenant !== tenant || owner.user !== user) {
    throw new ForeignQueryError(`retry_of names a query of another user`);
  }
}
