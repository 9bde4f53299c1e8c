import { type BufferedOutputOptions, createBufferedOutput, type LogStream } from "./buffered-output.js";
import { createLogger, type Logger } from "./logger.js";

/** The parts of `process` the log hooks into, so a test can stand in for it. */
export interface ExitEvents {
  on(event: "exit", listener: () => void): unknown;
  on(event: "uncaughtExceptionMonitor", listener: (error: unknown, origin: string) => void): unknown;
  off(event: "exit", listener: () => void): unknown;
  off(event: "uncaughtExceptionMonitor", listener: (error: unknown, origin: string) => void): unknown;
}

export interface ProcessLog {
  readonly logger: Logger;
  /** Waits (bounded) until every line is out, then unhooks from the process. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * A long-running command's logger: buffered, so a log line costs no write,
 * and flushed however the process ends. A crash is only observed
 * (uncaughtExceptionMonitor), so node still prints the stack and exits 1,
 * after the lines that led up to it.
 */
export function openProcessLog(
  stream: LogStream,
  events: ExitEvents = process,
  options: BufferedOutputOptions = {},
): ProcessLog {
  const output = createBufferedOutput(stream, options);
  const logger = createLogger(output.sink);
  const onExit = () => output.flushSync();
  const onCrash = (error: unknown, origin: string) => {
    // The error's name only: its message may quote data this log never carries.
    logger.error("crashed", { origin, error: error instanceof Error ? error.name : typeof error });
    output.flushSync();
  };
  events.on("exit", onExit);
  events.on("uncaughtExceptionMonitor", onCrash);
  return {
    logger,
    async close(timeoutMs) {
      if (!(await output.flush(timeoutMs))) output.flushSync();
      events.off("exit", onExit);
      events.off("uncaughtExceptionMonitor", onCrash);
    },
  };
}
