/**
 * Waiting for a condition in tests: `pollUntil(check, { timeoutMs, intervalMs, what })` calls
 * check until it returns something other than undefined/false and resolves to that value, or
 * rejects after timeoutMs (default 20 000 ms; interval default 20 ms). Tests use it instead of
 * sleeping. The implementation lives in @cqb/runtime/testing so service tests share it.
 */
export { pollUntil } from '@cqb/runtime/testing';
