import { describe, expect, it } from 'vitest';
import { ForeignQueryError, InvalidRequestError } from './errors.js';
import { createRecentQueries } from './recent-queries.js';
import { isSuspectUtf8, validateSubmit } from './validation.js';

const recent = createRecentQueries(10);
recent.remember('q-alice', { tenant: 't', user: 'alice' });
const options = { maxTextBytes: 16, recent };
const base = { tenant: 't', user: 'alice', session: '', text: 'hello', retryOf: '' };

describe('validateSubmit', () => {
  it('accepts a complete request and trims the identifiers', () => {
    const valid = validateSubmit({ ...base, tenant: ' t ', user: 'alice ' }, options);
    expect(valid).toEqual({ tenant: 't', user: 'alice', session: '', text: 'hello', retryOf: '' });
  });

  it.each([
    ['tenant', { tenant: '' }],
    ['user', { user: '  ' }],
    ['text', { text: ' \n\t ' }],
    ['text', { text: undefined }],
  ])('refuses a missing or blank %s', (field, patch) => {
    expect(() => validateSubmit({ ...base, ...patch }, options)).toThrow(
      new InvalidRequestError(`${field} is required`),
    );
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    expect(validateSubmit({ ...base, text: 'é'.repeat(8) }, options).text).toBe('é'.repeat(8));
    expect(() => validateSubmit({ ...base, text: 'é'.repeat(9) }, options)).toThrow(
      /18 bytes, over the limit of 16/,
    );
  });

  it('refuses text that carries the marks of invalid UTF-8', () => {
    const decoded = Buffer.from([0x68, 0xff, 0x69]).toString('utf8');
    expect(isSuspectUtf8(decoded)).toBe(true);
    expect(isSuspectUtf8('\uD800x')).toBe(true);
    expect(isSuspectUtf8('emoji 😀 ok')).toBe(false);
    expect(() => validateSubmit({ ...base, text: decoded }, options)).toThrow(/not valid UTF-8/);
  });

  it('checks retry_of against the owner of the earlier query', () => {
    expect(validateSubmit({ ...base, retryOf: 'q-alice' }, options).retryOf).toBe('q-alice');
    expect(() => validateSubmit({ ...base, user: 'bob', retryOf: 'q-alice' }, options)).toThrow(
      ForeignQueryError,
    );
    expect(() => validateSubmit({ ...base, retryOf: 'q-unknown' }, options)).toThrow(
      /unknown query/,
    );
  });
});

describe('createRecentQueries', () => {
  it('evicts the oldest id beyond its capacity', () => {
    const map = createRecentQueries(2);
    map.remember('a', { tenant: 't', user: 'u' });
    map.remember('b', { tenant: 't', user: 'u' });
    map.remember('c', { tenant: 't', user: 'u' });
    expect(map.get('a')).toBeUndefined();
    expect(map.get('c')).toEqual({ tenant: 't', user: 'u' });
    expect(map.size).toBe(2);
  });
});
