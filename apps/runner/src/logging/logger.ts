/**
 * The runner's structured log: one JSON object a line, on stderr, so CMD's own
 * stdout stays clean. Fields are named scalars only; there is no way to pass a
 * credential object or an error whole, so no secret can ride along.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

export function createLogger(sink: LogSink): Logger {
  const line = (level: "info" | "warn" | "error") => (msg: string, fields?: LogFields) =>
    sink(JSON.stringify({ time: new Date().toISOString(), level, component: "acp-runner", msg, ...fields }));
  return { info: line("info"), warn: line("warn"), error: line("error") };
}
