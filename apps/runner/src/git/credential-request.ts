/**
 * The attributes of one git credential request that decide whether to
 * answer. git writes `key=value` lines and ends with a blank line or EOF
 * (gitcredentials(7), "Custom helpers"); keys we do not use are ignored.
 */
export interface CredentialRequest {
  readonly protocol: string;
  readonly host: string;
  /** Set when the url named a user (`https://me@host/...`). */
  readonly username: string | undefined;
}

const decisive = ["protocol", "host", "username"] as const;

/**
 * Undefined when the request cannot be answered safely: no protocol or host,
 * or one of the decisive keys given twice (which one git means is then
 * anybody's guess).
 */
export function parseCredentialRequest(input: string): CredentialRequest | undefined {
  const seen = new Map<string, string>();
  for (const line of input.split("\n")) {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text === "") break;
    const equals = text.indexOf("=");
    if (equals < 0) continue;
    const key = text.slice(0, equals);
    if (!(decisive as readonly string[]).includes(key)) continue;
    if (seen.has(key)) return undefined;
    seen.set(key, text.slice(equals + 1));
  }
  const protocol = seen.get("protocol");
  const host = seen.get("host");
  if (protocol === undefined || host === undefined || host === "") return undefined;
  return { protocol, host, username: seen.get("username") };
}
