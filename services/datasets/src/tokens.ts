/**
 * The project's token estimate where no tokenizer of the serving LLM is available:
 * ceil(characters / 4), at least 1. The same rule derived the fixture prices and sets the
 * simulated backend's usage counts, so costs computed from it match the recorded ones on average.
 */
export function approxTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
