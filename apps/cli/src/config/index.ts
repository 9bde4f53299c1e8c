// The config file and the choice of server and token: path, format, private
// storage, and the override order (flags, then environment, then the file).
// Other private files acpctl writes (a runner token) go through the same storage.
export {
  type CliConfig,
  type ContextEntry,
  currentContext,
  emptyConfig,
  findContext,
  withContext,
  withoutContext,
} from "./cli-config.js";
export { parseConfig } from "./config-codec.js";
export { type ConfigLocation, configLocation } from "./config-path.js";
export { loadConfig, saveConfig } from "./config-store.js";
export { preparePrivateFile } from "./private-files.js";
export {
  type ConnectionFlags,
  describeTokenSource,
  type Resolution,
  resolveTarget,
  sameServer,
  type Target,
  type TokenSource,
} from "./resolve-target.js";
