import { lstat } from "node:fs/promises";
import { ensurePrivateDir, readPrivateFile } from "@acp/secure-files";

/**
 * The file in the secrets directory that the git credential helper reads:
 * `{"hosts":[{"host":"github.com","username":"x-access-token","token":"..."}]}`,
 * written whole (atomically) by whoever materializes the session.
 */
export const gitCredentialsFileName = "git-credentials.json";

export interface GitHostCredential {
  /** As git sends it: the host name, with `:port` when the url has one. */
  readonly host: string;
  readonly username: string;
  readonly token: string;
}

/**
 * The file's content was not what the materializer writes. The message never
 * quotes the file: it holds tokens.
 */
export class GitCredentialsFileError extends Error {
  override readonly name = "GitCredentialsFileError";
}

/**
 * Reads the hosts from the file anew: it is rewritten when a token rotates,
 * and each git invocation must see the current one. No directory or no file
 * is no hosts (the session was wiped, or binds no git provider); an unsafe
 * directory or file (a symlink, another owner, ...) is refused with the
 * SecureFileError that names it.
 */
export async function readGitHostCredentials(secretsDir: string): Promise<readonly GitHostCredential[]> {
  // Checked first because ensurePrivateDir would create a missing directory,
  // and a helper that git calls after the wipe must not leave one behind.
  if (!(await present(secretsDir))) return [];
  const dir = await ensurePrivateDir(secretsDir);
  const file = await readPrivateFile(dir, gitCredentialsFileName);
  if (file === undefined) return [];
  return parseGitCredentialsFile(file.contents.toString("utf8"));
}

async function present(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export function parseGitCredentialsFile(text: string): readonly GitHostCredential[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the error.
    throw new GitCredentialsFileError(`${gitCredentialsFileName} is not valid JSON`);
  }
  const hosts = isRecord(parsed) ? parsed.hosts : undefined;
  if (!Array.isArray(hosts)) throw new GitCredentialsFileError(`${gitCredentialsFileName} has no "hosts" list`);
  return hosts.map((entry: unknown, index) => {
    if (isRecord(entry) && isText(entry.host) && isText(entry.username) && isText(entry.token)) {
      return { host: entry.host, username: entry.username, token: entry.token };
    }
    throw new GitCredentialsFileError(
      `${gitCredentialsFileName}: hosts[${index}] needs string host, username and token`,
    );
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}
