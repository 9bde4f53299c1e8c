import type { LogFields, Logger } from "../logging/logger.js";

/**
 * Connection-level events (a refused connection, a timed-out or malformed
 * request) come at the attacker's rate. Each kind (message and reason) is
 * logged at once, then at most once per interval with the number of events the lines in between
 * would have shown, so an attack is visible without filling the disk.
 */
export interface EventLog {
  note(kind: string, fields?: LogFields): void;
  /** Writes what is still counted; call on shutdown. */
  flush(): void;
}

export function createEventLog(logger: Logger, intervalMs = 1_000, now = () => Date.now()): EventLog {
  // Keyed by message and reason, so one noisy cause cannot hide another.
  const kinds = new Map<string, { msg: string; lastAt: number; suppressed: number; fields: LogFields | undefined }>();
  const write = (kind: string, fields: LogFields | undefined, suppressed: number) =>
    logger.warn(kind, suppressed > 0 ? { ...fields, suppressed } : fields);
  const flush = () => {
    for (const state of kinds.values()) {
      if (state.suppressed === 0) continue;
      write(state.msg, state.fields, state.suppressed - 1);
      state.suppressed = 0;
      state.lastAt = now();
    }
  };
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    note(msg, fields) {
      const key = `${msg}\0${fields?.["reason"] ?? ""}`;
      const state = kinds.get(key);
      const at = now();
      if (state === undefined || at - state.lastAt >= intervalMs) {
        const suppressed = state?.suppressed ?? 0;
        kinds.set(key, { msg, lastAt: at, suppressed: 0, fields });
        write(msg, fields, suppressed);
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
