import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestApi } from "@acp/api-harness";
import { type CliResult, runCli } from "./captured-io.js";

/** A kubeconfig from the validator's corpus, by kind and file name. */
export function corpusFile(kind: "good" | "bad", name: string): string {
  return fileURLToPath(new URL(`../../../../libs/kubeconfig/test/corpus/${kind}/${name}`, import.meta.url));
}

let sequence = 0;

/**
 * An environment with its own config file, logged in to `api` with `token`
 * through `acpctl login` itself (the token read from a file, never argv).
 */
export async function loggedIn(api: TestApi, token = api.adminToken): Promise<{ ACPCTL_CONFIG: string }> {
  const dir = join(api.dir, `home-${++sequence}`);
  await mkdir(dir, { mode: 0o700 });
  const tokenFile = join(dir, "token");
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  const env = { ACPCTL_CONFIG: join(dir, "config.yaml") };
  const result = await runCli(["login", "--server", api.url, "--token-file", tokenFile], { env });
  if (result.code !== 0) throw new Error(`login failed: ${result.stderr}`);
  return env;
}

/** Writes `text` to a new private file under the suite's directory and returns its path. */
export async function privateFile(api: TestApi, name: string, text: string): Promise<string> {
  const path = join(api.dir, `${++sequence}-${name}`);
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

/** The JSON a command printed with -o json. */
export function parsedJson(result: CliResult): Record<string, unknown> {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}
