import {
  type ConnectionLimits,
  defaultConnectionLimits,
  defaultRequestLimits,
  type RequestLimits,
} from "../server/index.js";
import { UsageError } from "./command.js";
import { parseDuration } from "./parse-duration.js";

export type ServeLimits = ConnectionLimits & RequestLimits;
type LimitKey = keyof ServeLimits;

interface LimitSpec {
  readonly key: LimitKey;
  readonly flag: string;
  readonly env: string;
  readonly kind: "duration" | "count";
  readonly help: string;
}

const defaults: ServeLimits = { ...defaultConnectionLimits, ...defaultRequestLimits };

/** Each limit once: its flag, its variable, how it is written, and its help line. */
const specs: readonly LimitSpec[] = [
  {
    key: "headersTimeoutMs",
    flag: "headers-timeout",
    env: "ACP_HEADERS_TIMEOUT",
    kind: "duration",
    help: "HTTP/1.1 headers (and a new connection's first byte) must arrive within this",
  },
  {
    key: "requestTimeoutMs",
    flag: "request-timeout",
    env: "ACP_REQUEST_TIMEOUT",
    kind: "duration",
    help: "a whole request (HTTP/1.1, or an HTTP/2 stream's) must arrive within this",
  },
  {
    key: "keepAliveTimeoutMs",
    flag: "keep-alive-timeout",
    env: "ACP_KEEP_ALIVE_TIMEOUT",
    kind: "duration",
    help: "an HTTP/1.1 connection waits this long for its next request",
  },
  {
    key: "idleTimeoutMs",
    flag: "idle-timeout",
    env: "ACP_IDLE_TIMEOUT",
    kind: "duration",
    help: "an HTTP/2 session with no open stream for this long gets GOAWAY",
  },
  {
    key: "drainTimeoutMs",
    flag: "drain-timeout",
    env: "ACP_DRAIN_TIMEOUT",
    kind: "duration",
    help: "on SIGTERM, calls still open after this long are cut",
  },
  {
    key: "maxConcurrentStreams",
    flag: "max-concurrent-streams",
    env: "ACP_MAX_CONCURRENT_STREAMS",
    kind: "count",
    help: "streams one HTTP/2 session may have open",
  },
  {
    key: "maxIncompleteRequests",
    flag: "max-incomplete-requests",
    env: "ACP_MAX_INCOMPLETE_REQUESTS",
    kind: "count",
    help: "HTTP/2 streams, across sessions, whose request is still arriving; more are refused",
  },
  {
    key: "maxSessionMemoryMb",
    flag: "max-session-memory-mb",
    env: "ACP_MAX_SESSION_MEMORY_MB",
    kind: "count",
    help: "memory one HTTP/2 session may hold in nghttp2, in MB",
  },
  {
    key: "maxConnections",
    flag: "max-connections",
    env: "ACP_MAX_CONNECTIONS",
    kind: "count",
    help: "open connections; more are refused and logged (keep below ulimit -n)",
  },
  {
    key: "maxPipelinedRequests",
    flag: "max-pipelined-requests",
    env: "ACP_MAX_PIPELINED_REQUESTS",
    kind: "count",
    help: "HTTP/1.1 requests waiting behind an unsent response before the connection is closed",
  },
  {
    key: "maxRequestBytes",
    flag: "max-request-bytes",
    env: "ACP_MAX_REQUEST_BYTES",
    kind: "count",
    help: "largest request message, in bytes",
  },
  {
    key: "maxBufferedRequestBytes",
    flag: "max-buffered-request-bytes",
    env: "ACP_MAX_BUFFERED_REQUEST_BYTES",
    kind: "count",
    help: "request bytes all calls in flight may hold together; past it, calls get resource_exhausted",
  },
  {
    key: "maxJsonDepth",
    flag: "max-json-depth",
    env: "ACP_MAX_JSON_DEPTH",
    kind: "count",
    help: "deepest JSON nesting a request may have",
  },
];

/** For parseFlags: every limit as a string option. */
export const serveLimitFlags = Object.fromEntries(specs.map((s) => [s.flag, { type: "string" }] as const)) as Record<
  string,
  { type: "string" }
>;

const shown = (spec: LimitSpec) => {
  const value = defaults[spec.key];
  if (spec.kind === "count") return String(value);
  return value % 60_000 === 0 ? `${value / 60_000}m` : `${value / 1_000}s`;
};

export const serveLimitsUsage = specs
  .map((s) => `  --${s.flag.padEnd(24)} ${s.help} (default ${shown(s)}; env ${s.env})`)
  .join("\n");

/** The limit flags as given; their values are read in resolveServeLimits, with the environment. */
export type ServeLimitArgs = Readonly<Partial<Record<string, string | boolean | undefined>>>;

/** A flag wins over its variable, which wins over the default; a bad value is a usage error naming its source. */
export function resolveServeLimits(
  args: ServeLimitArgs,
  env: Readonly<Record<string, string | undefined>>,
): ServeLimits {
  const limits: Record<string, number> = { ...defaults };
  for (const spec of specs) {
    const flagValue = args[spec.flag];
    const [text, source] =
      typeof flagValue === "string" ? [flagValue, `--${spec.flag}`] : [env[spec.env] || undefined, spec.env];
    if (text === undefined) continue;
    limits[spec.key] = spec.kind === "duration" ? parseDuration(text, source) : parseCount(text, source);
  }
  const resolved = limits as unknown as ServeLimits;
  if (resolved.headersTimeoutMs > resolved.requestTimeoutMs)
    throw new UsageError("--headers-timeout must not be longer than --request-timeout");
  return resolved;
}

export function parseCount(text: string, source: string): number {
  if (!/^[1-9]\d{0,9}$/.test(text))
    throw new UsageError(`${source}: expected a positive whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}
