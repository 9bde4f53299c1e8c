/** One credential bound to the session, as the runner receives it. */
export interface BoundCredential {
  readonly credentialId: string;
  readonly name: string;
  /** ProviderType enum number. */
  readonly provider: number;
  readonly secret: string;
  readonly url: string;
  readonly email: string;
}

// Every planned item names the credential it comes from so the runner can log
// what it set up without logging any value.

export interface PlannedFile {
  /** Absolute: the session directory joined with the provider's file name. */
  readonly path: string;
  readonly mode: number;
  readonly contents: string;
  readonly credentialName: string;
}

export interface PlannedEnvVar {
  readonly name: string;
  readonly value: string;
  readonly credentialName: string;
}

export interface PlannedGitCredential {
  /** Host, with a port when the credential url has one. */
  readonly host: string;
  readonly username: string;
  readonly token: string;
  readonly credentialName: string;
}

export interface PlannedMcpServer {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /**
   * The variables its credential sets (the same as in `env`), sorted by name,
   * so a server started from an MCP config finds what CMD finds, e.g. the
   * path of the credential's file.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly credentialName: string;
}

/** Each list is sorted by its key (path, name, host, name). */
export interface MaterializationPlan {
  readonly files: readonly PlannedFile[];
  readonly env: readonly PlannedEnvVar[];
  readonly gitCredentials: readonly PlannedGitCredential[];
  readonly mcpServers: readonly PlannedMcpServer[];
}

export type ConflictKind = "env" | "file" | "git-host" | "mcp-server" | "unknown-provider" | "invalid-url";

/**
 * Why the credentials cannot be set up together. Mostly two credentials
 * claiming the same variable, file, git host or MCP server name; also a
 * credential this build cannot handle (a provider it does not know, a url that
 * does not parse), which the runner must report rather than half-apply.
 */
export interface MaterializationConflict {
  readonly kind: ConflictKind;
  /** The contested name: variable, path, host, MCP server name, or the offending value's field. */
  readonly key: string;
  /** Sorted names of the credentials involved. */
  readonly credentialNames: readonly string[];
  readonly description: string;
}

export type MaterializationResult =
  | { readonly ok: true; readonly plan: MaterializationPlan }
  | { readonly ok: false; readonly conflicts: readonly MaterializationConflict[] };
