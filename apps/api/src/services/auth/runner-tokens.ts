import { randomBytes } from "node:crypto";
import { hashApiToken } from "./api-tokens.js";

// A distinct prefix tells the authenticator which table to look in, so a
// runner token costs one lookup, and people can tell the two kinds apart.
const runnerPrefix = "acpr_";

export interface RunnerToken {
  /** Shown once, in CreateSession's response; never stored. */
  readonly token: string;
  readonly hash: Uint8Array;
}

/** 256 random bits; only the hash is stored, like an API token's. */
export function newRunnerToken(): RunnerToken {
  const token = `${runnerPrefix}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token) };
}

export function isRunnerToken(token: string): boolean {
  return token.startsWith(runnerPrefix);
}
