import type { Provider, ProviderEnvValue, ProviderGit } from "./provider.js";

/** What one credential would set up in a session that no other credential may also set. */
export interface CredentialClaim {
  readonly kind: "env" | "file" | "git-host" | "mcp-server";
  readonly key: string;
}

export const claimLabel: Readonly<Record<CredentialClaim["kind"], string>> = {
  env: "environment variable",
  file: "file",
  "git-host": "git credentials for host",
  "mcp-server": "MCP server",
};

/**
 * The names a credential claims in a session, by the same rules the
 * materialization plan uses, so that the API can choose among competing
 * credentials before the runner would have to refuse them.
 */
export function credentialClaims(
  provider: Provider,
  credential: { readonly url: string; readonly email: string },
): CredentialClaim[] {
  const claims: CredentialClaim[] = [];
  if (provider.file) claims.push({ kind: "file", key: provider.file.name });
  for (const variable of provider.env) {
    if (setsValue(variable.value, credential)) claims.push({ kind: "env", key: variable.name });
  }
  if (provider.mcpServer) claims.push({ kind: "mcp-server", key: provider.mcpServer.name });
  for (const host of (provider.git && gitHosts(provider.git, credential.url)) ?? [])
    claims.push({ kind: "git-host", key: host });
  return claims;
}

/** An optional field left empty sets nothing rather than an empty variable, which tools would read as "configured, but blank". */
export function setsValue(
  value: ProviderEnvValue,
  credential: { readonly url: string; readonly email: string },
): boolean {
  switch (value.kind) {
    case "url":
      return credential.url !== "";
    case "email":
      return credential.email !== "";
    case "literal":
      return value.literal !== "";
    case "secret":
    case "file-path":
      return true;
  }
}

/** The url's host when the credential has one, else the defaults; undefined if the url is unusable. */
export function gitHosts(git: ProviderGit, url: string): readonly string[] | undefined {
  if (url === "") return git.defaultHosts;
  if (!URL.canParse(url)) return undefined;
  const { host } = new URL(url);
  return host === "" ? undefined : [host];
}
