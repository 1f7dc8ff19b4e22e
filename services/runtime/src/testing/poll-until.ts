/** Options for {@link pollUntil}. */
export interface PollOptions {
  /** Give up after this long; default 20 000 ms. */
  timeoutMs?: number;
  /** Pause between checks; default 20 ms. */
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/**
 * Calls check until it returns a value other than undefined/false and returns that value; throws
 * after timeoutMs. Tests wait for conditions with it instead of sleeping a fixed time.
 */
export async function pollUntil<R>(
  check: () => R | undefined | false | Promise<R | undefined | false>,
  options: PollOptions = {},
): Promise<R> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
  }
}
