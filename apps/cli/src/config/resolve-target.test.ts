import { describe, expect, it } from "vitest";
import type { CliConfig } from "./cli-config.js";
import { resolveTarget, sameServer } from "./resolve-target.js";

const config: CliConfig = {
  currentContext: "a",
  contexts: [
    { name: "a", server: "http://a:1", token: "token-a" },
    { name: "b", server: "http://b:1", token: "token-b" },
    { name: "out", server: "http://o:1", token: undefined },
  ],
};
const none = { server: undefined, context: undefined };

describe("resolveTarget", () => {
  it("uses the current context when nothing overrides it", () => {
    expect(resolveTarget(config, none, {})).toEqual({
      kind: "ready",
      target: { server: "http://a:1", token: "token-a", tokenSource: { kind: "context", context: "a" } },
    });
  });

  it("takes ACP_SERVER and ACP_TOKEN over the config", () => {
    const env = { ACP_SERVER: "http://e:1", ACP_TOKEN: "token-e" };
    expect(resolveTarget(config, none, env)).toEqual({
      kind: "ready",
      target: { server: "http://e:1", token: "token-e", tokenSource: { kind: "env" } },
    });
    // An empty variable is no variable.
    expect(resolveTarget(config, none, { ACP_SERVER: "", ACP_TOKEN: "" })).toMatchObject({
      target: { token: "token-a" },
    });
  });

  it("takes --context over the environment, and --server over everything", () => {
    const env = { ACP_SERVER: "http://e:1", ACP_TOKEN: "token-e" };
    expect(resolveTarget(config, { server: undefined, context: "b" }, env)).toMatchObject({
      target: { server: "http://b:1", token: "token-b" },
    });
    expect(resolveTarget(config, { server: "http://f:1", context: undefined }, env)).toMatchObject({
      target: { server: "http://f:1", token: "token-e" },
    });
  });

  it("never sends a context's token to another server", () => {
    expect(resolveTarget(config, { server: "http://f:1", context: undefined }, {})).toEqual({
      kind: "no-token",
      server: "http://f:1",
      reason: 'context "a" holds a token for http://a:1, not for http://f:1',
    });
    expect(resolveTarget(config, { server: "http://f:1", context: "b" }, { ACP_TOKEN: "t" })).toMatchObject({
      kind: "no-token",
    });
    // The same server written another way is the same server.
    expect(resolveTarget(config, { server: "h2c://a:1/", context: undefined }, {})).toMatchObject({ kind: "ready" });
  });

  it("says why there is nothing to send", () => {
    expect(resolveTarget({ currentContext: undefined, contexts: [] }, none, {})).toEqual({
      kind: "no-server",
      reason: "no server chosen",
    });
    expect(resolveTarget(config, { server: undefined, context: "zz" }, {})).toMatchObject({
      kind: "no-server",
      reason: 'no context named "zz"',
    });
    expect(resolveTarget(config, { server: undefined, context: "out" }, {})).toMatchObject({
      kind: "no-token",
      reason: 'context "out" is logged out',
    });
    expect(
      resolveTarget({ currentContext: undefined, contexts: [] }, none, { ACP_SERVER: "http://e:1" }),
    ).toMatchObject({ kind: "no-token" });
  });

  it("compares servers by scheme, host and path", () => {
    expect(sameServer("http://h:1/", "http://h:1")).toBe(true);
    expect(sameServer("h2c://h:1", "http://h:1")).toBe(true);
    expect(sameServer("https://h:1", "http://h:1")).toBe(false);
    expect(sameServer("http://h:2", "http://h:1")).toBe(false);
  });
});
