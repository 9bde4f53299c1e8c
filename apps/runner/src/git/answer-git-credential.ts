import type { PlannedGitCredential } from "@acp/providers";
import { readGitCredentials } from "../materialize/index.js";
import { parseCredentialRequest } from "./credential-request.js";

export interface AnswerGitCredentialOptions {
  /** What git appended to the helper's command: get, store or erase. */
  readonly action: string;
  /** The helper's stdin, as git wrote it. */
  readonly input: string;
  readonly secretsDir: string;
}

/**
 * The helper's stdout for one git invocation; "" is no answer, and git then
 * asks its next helper or fails. Only `get` is answered: git's `store` and
 * `erase` are for helpers that keep credentials, and this one keeps none.
 * Only https, so a token never goes out in the clear; only a host equal to a
 * listed one, so `github.com.evil.test` or `github.com:8443` get nothing.
 * Throws (without quoting the file) when the credentials file is unsafe or
 * malformed.
 */
export async function answerGitCredential(options: AnswerGitCredentialOptions): Promise<string> {
  if (options.action !== "get") return "";
  const request = parseCredentialRequest(options.input);
  if (request === undefined || request.protocol !== "https") return "";
  const hosts = await readGitCredentials(options.secretsDir);
  const match = hosts.find((entry) => sameHost(entry.host, request.host));
  if (match === undefined || !writable(match)) return "";
  // A url that names its own user asks for that user's credential, not ours.
  if (request.username !== undefined && request.username !== match.username) return "";
  return `username=${match.username}\npassword=${match.token}\n`;
}

// Host names are case-insensitive (RFC 4343), so case is the one difference
// allowed; the port, when git sends one, must be the same too.
function sameHost(listed: string, requested: string): boolean {
  return listed.toLowerCase() === requested.toLowerCase();
}

/** A value with a newline or NUL would add lines of its own to git's protocol. */
function writable(entry: PlannedGitCredential): boolean {
  return ![entry.username, entry.token].some((value) => /[\n\r\0]/.test(value));
}
