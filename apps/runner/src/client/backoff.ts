export interface BackoffOptions {
  /** The first delay's upper bound. */
  readonly initialDelayMs?: number;
  /** No delay is longer. */
  readonly maxDelayMs?: number;
}

export interface Backoff {
  /** The next delay: doubling from initialDelayMs up to maxDelayMs, each drawn from its upper half. */
  next(): number;
  /** Starts over after a success. */
  reset(): void;
  /** How many delays were handed out since the last reset. */
  readonly attempts: number;
}

/**
 * Capped exponential backoff with jitter, so runners cut off together (an API
 * restart) do not all come back in the same instant.
 */
export function createBackoff({ initialDelayMs = 250, maxDelayMs = 10_000 }: BackoffOptions = {}): Backoff {
  let attempts = 0;
  return {
    next() {
      const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempts, 30));
      attempts += 1;
      return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}

/** Waits `ms`, or less if `signal` aborts first; never rejects. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}
