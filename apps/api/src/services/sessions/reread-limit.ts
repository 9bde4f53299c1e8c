/**
 * Bounds how many streams re-read their session at once. One secret update
 * can concern every open stream; unbounded, a thousand re-reads (each a
 * synchronous SQLite query, decryption and an audit record) run back to back
 * and hold the event loop for over a second, delaying the update's own answer
 * and every other call. In small turns, the rest of the server keeps being
 * served between them, and the streams still finish about as soon.
 */
export interface RereadLimit {
  run<T>(read: () => Promise<T>): Promise<T>;
}

export function createRereadLimit(concurrency: number): RereadLimit {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(read) {
      if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await read();
      } finally {
        active--;
        // Hand over on a later turn, so I/O already queued goes first.
        const next = waiting.shift();
        if (next) setImmediate(next);
      }
    },
  };
}
