import type { LogFields, Logger } from "../logging/logger.js";

/**
 * Connection-level events (a refused connection, a timed-out or malformed
 * request) come at the attacker's rate. Each kind is logged at once, then at
 * most once per interval with the number of events the lines in between
 * would have shown, so an attack is visible without filling the disk.
 */
export interface EventLog {
  note(kind: string, fields?: LogFields): void;
  /** Writes what is still counted; call on shutdown. */
  flush(): void;
}

export function createEventLog(logger: Logger, intervalMs = 1_000, now = () => Date.now()): EventLog {
  const kinds = new Map<string, { lastAt: number; suppressed: number; fields: LogFields | undefined }>();
  const write = (kind: string, fields: LogFields | undefined, suppressed: number) =>
    logger.warn(kind, suppressed > 0 ? { ...fields, suppressed } : fields);
  const flush = () => {
    for (const [kind, state] of kinds) {
      if (state.suppressed === 0) continue;
      write(kind, state.fields, state.suppressed - 1);
      state.suppressed = 0;
      state.lastAt = now();
    }
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    note(kind, fields) {
      const state = kinds.get(kind);
      const at = now();
      if (state === undefined || at - state.lastAt >= intervalMs) {
        const suppressed = state?.suppressed ?? 0;
        kinds.set(kind, { lastAt: at, suppressed: 0, fields });
        write(kind, fields, suppressed);
        return;
      }
      state.suppressed++;
      state.fields = fields;
    },
    flush() {
      clearInterval(timer);
      flush();
    },
  };
}
