import { createIsoClock, formatLogLine, type LogFields, type LogLevel } from "./log-line.js";

export type { LogFields } from "./log-line.js";

/**
 * Structured JSON lines on stderr. Callers pass named fields, never whole
 * requests or errors: a field list is the only way to be sure a secret or SQL
 * text cannot slip into a log line.
 */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

/**
 * The sink decides how lines leave the process; a server passes a buffered
 * output (buffered-output.ts) so logging never waits on stderr.
 */
export function createLogger(
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
  clock: () => string = createIsoClock(),
): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields | undefined) =>
    sink(formatLogLine(clock(), level, msg, fields));
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}
