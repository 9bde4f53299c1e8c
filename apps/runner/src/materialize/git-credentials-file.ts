import type { PlannedGitCredential } from "@acp/providers";
import { readPrivateFile } from "@acp/secure-files";
import { existingPrivateDir } from "./existing-private-dir.js";

/** `<secrets-dir>/git-credentials.json`, read by `acp-runner git-credential` at every git call. */
export const gitCredentialsName = "git-credentials.json";

/**
 * The file is not what this runner writes. The message names the path and
 * never quotes the file: it holds tokens.
 */
export class GitCredentialsFileError extends Error {
  override readonly name = "GitCredentialsFileError";
}

export function renderGitCredentials(credentials: readonly PlannedGitCredential[]): string {
  const hosts = credentials.map(({ host, username, token, credentialName }) => ({
    host,
    username,
    token,
    credentialName,
  }));
  return `${JSON.stringify({ hosts })}\n`;
}

/**
 * The git credentials the running session offers now; none when the secrets
 * directory or the file is gone (the session was wiped). A directory or file
 * that is not private, or a file that does not parse, is an error: git must
 * not get an answer from a file someone else could have planted.
 */
export async function readGitCredentials(dir: string): Promise<readonly PlannedGitCredential[]> {
  const privateDir = await existingPrivateDir(dir);
  if (privateDir === undefined) return [];
  const file = await readPrivateFile(privateDir, gitCredentialsName);
  if (file === undefined) return [];
  return parseGitCredentials(file.contents, `${dir}/${gitCredentialsName}`);
}

function parseGitCredentials(bytes: Buffer, path: string): PlannedGitCredential[] {
  const malformed = new GitCredentialsFileError(`${path} is not a git credentials file`);
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw malformed;
  }
  const hosts = typeof value === "object" && value !== null ? (value as { hosts?: unknown }).hosts : undefined;
  if (!Array.isArray(hosts)) throw malformed;
  return hosts.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) throw malformed;
    const { host, username, token, credentialName } = entry as Record<string, unknown>;
    if (typeof host !== "string" || typeof username !== "string" || typeof token !== "string") throw malformed;
    return { host, username, token, credentialName: typeof credentialName === "string" ? credentialName : "" };
  });
}
