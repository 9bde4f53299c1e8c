export { cleanSecretsDir } from "./clean-secrets-dir.js";
export { envFileName, shellQuote } from "./env-file.js";
export { GitCredentialsFileError, gitCredentialsName, readGitCredentials } from "./git-credentials-file.js";
export { mcpConfigName } from "./mcp-config.js";
export { mcpConfigVariable, renderSession } from "./render-session.js";
export { openSecretsDir, type SecretsDir, type SecretsDirOptions } from "./secrets-dir.js";
export { type ApplyOutcome, SessionFiles, type SessionFilesOptions, workdirMcpName } from "./session-files.js";
export { type SweepOptions, sweepStaleSecretsDirs } from "./sweep-stale-secrets-dirs.js";
