/** One API server and the token acpctl sends it, under a name, as kubeconfig keeps clusters. */
export interface ContextEntry {
  readonly name: string;
  readonly server: string;
  /** Undefined after `acpctl logout`: the context is kept, its token is not. */
  readonly token: string | undefined;
}

export interface CliConfig {
  readonly currentContext: string | undefined;
  readonly contexts: readonly ContextEntry[];
}

export const emptyConfig: CliConfig = { currentContext: undefined, contexts: [] };

export function findContext(config: CliConfig, name: string): ContextEntry | undefined {
  return config.contexts.find((context) => context.name === name);
}

/** The context current-context names, if it names one that exists. */
export function currentContext(config: CliConfig): ContextEntry | undefined {
  return config.currentContext === undefined ? undefined : findContext(config, config.currentContext);
}

/** Adds `entry`, or replaces the context of the same name in place so the file's order stays. */
export function withContext(config: CliConfig, entry: ContextEntry): CliConfig {
  const exists = findContext(config, entry.name) !== undefined;
  const contexts = exists
    ? config.contexts.map((context) => (context.name === entry.name ? entry : context))
    : [...config.contexts, entry];
  return { ...config, contexts };
}

/** Removes a context; current-context is cleared when it named it, so it never dangles. */
export function withoutContext(config: CliConfig, name: string): CliConfig {
  return {
    currentContext: config.currentContext === name ? undefined : config.currentContext,
    contexts: config.contexts.filter((context) => context.name !== name),
  };
}
