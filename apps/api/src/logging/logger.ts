/**
 * Structured JSON lines on stderr. Callers pass named fields, never whole
 * requests or errors: a field list is the only way to be sure a secret or SQL
 * text cannot slip into a log line.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

export function createLogger(sink: LogSink = (line) => process.stderr.write(`${line}\n`)): Logger {
  const write = (level: string, msg: string, fields: LogFields | undefined) =>
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}
