import type { FieldRequirement, ProviderSpec, ProviderType, SecretFormat } from "@acp/proto";

// The registry hands out this checked view rather than the raw ProviderSpec so
// that consumers never have to re-check what the registry already guaranteed:
// absent sub-messages are `undefined` (never an empty message) and the
// UNSPECIFIED enum values cannot occur.

export type KnownSecretFormat = Exclude<SecretFormat, SecretFormat.UNSPECIFIED>;
export type KnownFieldRequirement = Exclude<FieldRequirement, FieldRequirement.UNSPECIFIED>;

/** Where a variable's value comes from, once FILE_PATH is tied to its file. */
export type ProviderEnvValue =
  | { readonly kind: "secret" }
  | { readonly kind: "url" }
  | { readonly kind: "email" }
  // Carries the file so a file-path variable cannot exist without one.
  | { readonly kind: "file-path"; readonly file: ProviderFile }
  | { readonly kind: "literal"; readonly literal: string };

export interface ProviderEnvVar {
  readonly name: string;
  readonly value: ProviderEnvValue;
}

export interface ProviderFile {
  /** A bare file name: no separators, not `.` or `..`. */
  readonly name: string;
  /** Permission bits; owner-readable, no group or other bits. */
  readonly mode: number;
}

export interface ProviderGit {
  /** Lower-case hosts (optionally with a port); may be empty only when the url is required. */
  readonly defaultHosts: readonly string[];
  readonly username: string;
}

/** Stands for the provider file's absolute path in McpServer.args. */
export const filePathToken = "{file}";

export interface ProviderMcpServer {
  readonly name: string;
  readonly npmPackage: string;
  /** An exact semantic version, never a range. */
  readonly version: string;
  /** filePathToken may appear only when the provider has a file. */
  readonly args: readonly string[];
}

export interface Provider {
  readonly type: ProviderType;
  /** The proto enum value name, e.g. `PROVIDER_TYPE_...`. */
  readonly enumValueName: string;
  /** The option exactly as read from the enum value. */
  readonly spec: ProviderSpec;
  readonly shortName: string;
  readonly displayName: string;
  readonly secretHelp: string;
  readonly secretFormat: KnownSecretFormat;
  readonly url: KnownFieldRequirement;
  readonly email: KnownFieldRequirement;
  readonly maxSecretBytes: number;
  readonly env: readonly ProviderEnvVar[];
  readonly file: ProviderFile | undefined;
  readonly git: ProviderGit | undefined;
  readonly mcpServer: ProviderMcpServer | undefined;
}
