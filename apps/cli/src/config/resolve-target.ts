import { type CliConfig, type ContextEntry, currentContext, findContext } from "./cli-config.js";

/** The global flags that choose where a command goes. */
export interface ConnectionFlags {
  readonly server: string | undefined;
  readonly context: string | undefined;
}

/** Where the token came from, so a refusal can say which one to replace. */
export type TokenSource =
  | { readonly kind: "context"; readonly context: string }
  | { readonly kind: "env" }
  // The token `acpctl login` is checking, not yet saved anywhere.
  | { readonly kind: "login" };

/** A server with the token to send it. */
export interface Target {
  readonly server: string;
  readonly token: string;
  readonly tokenSource: TokenSource;
}

export type Resolution =
  | { readonly kind: "ready"; readonly target: Target }
  | { readonly kind: "no-token"; readonly server: string; readonly reason: string }
  | { readonly kind: "no-server"; readonly reason: string };

/**
 * Strongest first: the --server and --context flags, then ACP_SERVER and
 * ACP_TOKEN, then the config's current context. A token from the config is
 * sent only to the server its context names, so `--server elsewhere` never
 * hands a saved token to another host; ACP_TOKEN goes wherever the command
 * goes unless a --context flag chose a context's token instead.
 */
export function resolveTarget(
  config: CliConfig,
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
): Resolution {
  const envServer = env["ACP_SERVER"] || undefined;
  const envToken = env["ACP_TOKEN"] || undefined;
  if (flags.context !== undefined) {
    const context = findContext(config, flags.context);
    if (context === undefined)
      return { kind: "no-server", reason: `no context named ${JSON.stringify(flags.context)}` };
    const server = flags.server ?? context.server;
    return fromContext(context, server);
  }
  const context = currentContext(config);
  const server = flags.server ?? envServer ?? context?.server;
  if (server === undefined) return { kind: "no-server", reason: "no server chosen" };
  if (envToken !== undefined)
    return { kind: "ready", target: { server, token: envToken, tokenSource: { kind: "env" } } };
  if (context === undefined) return { kind: "no-token", server, reason: "no token" };
  return fromContext(context, server);
}

function fromContext(context: ContextEntry, server: string): Resolution {
  const label = `context ${JSON.stringify(context.name)}`;
  if (!sameServer(context.server, server)) {
    return { kind: "no-token", server, reason: `${label} holds a token for ${context.server}, not for ${server}` };
  }
  if (context.token === undefined) return { kind: "no-token", server, reason: `${label} is logged out` };
  const tokenSource: TokenSource = { kind: "context", context: context.name };
  return { kind: "ready", target: { server, token: context.token, tokenSource } };
}

/**
 * One server however it is written: `h2c://h:1` is `http://h:1` over HTTP/2,
 * and case and a trailing slash do not matter.
 */
export function sameServer(a: string, b: string): boolean {
  return serverKey(a) === serverKey(b);
}

function serverKey(server: string): string {
  try {
    const url = new URL(server);
    const scheme = url.protocol === "h2c:" ? "http:" : url.protocol;
    return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return server.replace(/\/+$/, "");
  }
}

export function describeTokenSource(source: TokenSource): string {
  switch (source.kind) {
    case "context":
      return `the token of context ${JSON.stringify(source.context)}`;
    case "env":
      return "the token in ACP_TOKEN";
    case "login":
      return "the token given to login";
  }
}
