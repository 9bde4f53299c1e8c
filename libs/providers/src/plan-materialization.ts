import { isAbsolute, join } from "node:path";
import { ClaimSet, compareStrings } from "./claim-set.js";
import { claimLabel, gitHosts, setsValue } from "./credential-claims.js";
import type {
  BoundCredential,
  ConflictKind,
  MaterializationConflict,
  MaterializationResult,
  PlannedEnvVar,
  PlannedFile,
  PlannedGitCredential,
  PlannedMcpServer,
} from "./materialization-plan.js";
import { filePathToken, type Provider, type ProviderEnvValue } from "./provider.js";
import type { ProviderRegistry } from "./provider-registry.js";
import { providers } from "./providers.js";

export interface MaterializationOptions {
  /** Absolute path of the session's private credential directory. */
  readonly dir: string;
  /** Defaults to the ProviderType registry. */
  readonly registry?: ProviderRegistry;
}

// Pinned versions are fetched on demand; -y keeps npx from prompting in a session.
const mcpCommand = "npx";

/**
 * Works out everything the runner must set up for the bound credentials,
 * without touching the file system. Nothing is planned if anything conflicts:
 * a session with half its credentials is harder to understand than none.
 */
export function planMaterialization(
  credentials: readonly BoundCredential[],
  options: MaterializationOptions,
): MaterializationResult {
  if (!isAbsolute(options.dir)) throw new TypeError("planMaterialization needs an absolute dir");
  const registry = options.registry ?? providers;
  const claims: Claims = {
    files: new ClaimSet(),
    env: new ClaimSet(),
    git: new ClaimSet(),
    mcp: new ClaimSet(),
  };
  const problems: MaterializationConflict[] = [];
  for (const credential of [...credentials].sort(byNameThenId)) {
    const provider = registry.get(credential.provider);
    if (provider === undefined) {
      problems.push(
        single(
          "unknown-provider",
          String(credential.provider),
          credential,
          `credential "${credential.name}" has provider ${credential.provider}, which this build does not know`,
        ),
      );
    } else {
      problems.push(...claimCredential(provider, credential, options.dir, claims));
    }
  }

  const conflicts = [
    ...problems,
    ...contested("file", claims.files),
    ...contested("env", claims.env),
    ...contested("git-host", claims.git),
    ...contested("mcp-server", claims.mcp),
  ].sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.key, b.key));
  if (conflicts.length > 0) return { ok: false, conflicts };
  const plan = {
    files: claims.files.items(),
    env: claims.env.items(),
    gitCredentials: claims.git.items(),
    mcpServers: claims.mcp.items(),
  };
  return { ok: true, plan };
}

interface Claims {
  files: ClaimSet<PlannedFile>;
  env: ClaimSet<PlannedEnvVar>;
  git: ClaimSet<PlannedGitCredential>;
  mcp: ClaimSet<PlannedMcpServer>;
}

/** Records what one credential needs; returns problems that are not clashes. */
function claimCredential(
  provider: Provider,
  credential: BoundCredential,
  dir: string,
  claims: Claims,
): MaterializationConflict[] {
  const { name: credentialName, secret } = credential;
  let filePath: string | undefined;
  if (provider.file) {
    filePath = join(dir, provider.file.name);
    const { mode } = provider.file;
    claims.files.claim(filePath, credentialName, { path: filePath, mode, contents: secret, credentialName });
  }
  const variables: PlannedEnvVar[] = [];
  for (const variable of provider.env) {
    if (!setsValue(variable.value, credential)) continue;
    const value = envValue(variable.value, credential, dir);
    variables.push({ name: variable.name, value, credentialName });
    claims.env.claim(variable.name, credentialName, { name: variable.name, value, credentialName });
  }
  if (provider.mcpServer) {
    const { name, npmPackage, version, args } = provider.mcpServer;
    const path = filePath;
    const resolved = path === undefined ? args : args.map((arg) => arg.replaceAll(filePathToken, path));
    claims.mcp.claim(name, credentialName, {
      name,
      command: mcpCommand,
      args: ["-y", `${npmPackage}@${version}`, ...resolved],
      env: Object.fromEntries(
        variables.sort((a, b) => compareStrings(a.name, b.name)).map((variable) => [variable.name, variable.value]),
      ),
      credentialName,
    });
  }
  if (provider.git === undefined) return [];
  const hosts = gitHosts(provider.git, credential.url);
  if (hosts === undefined) {
    const description = `credential "${credentialName}" has a url that is not a valid URL`;
    return [single("invalid-url", "url", credential, description)];
  }
  for (const host of hosts) {
    claims.git.claim(host, credentialName, { host, username: provider.git.username, token: secret, credentialName });
  }
  return [];
}

function envValue(value: ProviderEnvValue, credential: BoundCredential, dir: string): string {
  switch (value.kind) {
    case "secret":
      return credential.secret;
    case "url":
      return credential.url;
    case "email":
      return credential.email;
    case "file-path":
      return join(dir, value.file.name);
    case "literal":
      return value.literal;
  }
}

function contested(kind: keyof typeof claimLabel, claims: ClaimSet<unknown>): MaterializationConflict[] {
  return claims.contested().map(({ key, credentialNames }) => ({
    kind,
    key,
    credentialNames,
    description:
      `credentials ${listNames(credentialNames)} ${credentialNames.length === 2 ? "both" : "all"} set ` +
      `${claimLabel[kind]} ${key}`,
  }));
}

function single(
  kind: ConflictKind,
  key: string,
  credential: BoundCredential,
  description: string,
): MaterializationConflict {
  return { kind, key, credentialNames: [credential.name], description };
}

function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length <= 2 ? quoted.join(" and ") : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

function byNameThenId(a: BoundCredential, b: BoundCredential): number {
  return compareStrings(a.name, b.name) || compareStrings(a.credentialId, b.credentialId);
}
