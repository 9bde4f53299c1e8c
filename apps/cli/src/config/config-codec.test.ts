import { describe, expect, it } from "vitest";
import { CliError } from "../io/index.js";
import { parseConfig, serializeConfig } from "./config-codec.js";

describe("the config file format", () => {
  it("round-trips contexts, logged out ones included", () => {
    const config = {
      currentContext: "prod",
      contexts: [
        { name: "prod", server: "https://acp.example.com", token: "acp_secret" },
        { name: "old", server: "http://127.0.0.1:8080", token: undefined },
      ],
    };
    const text = serializeConfig(config);
    expect(text).toMatch(/^# acpctl configuration/);
    expect(parseConfig(text, "f")).toEqual(config);
  });

  it("reads an empty file as no contexts and ignores keys it does not know", () => {
    expect(parseConfig("", "f")).toEqual({ currentContext: undefined, contexts: [] });
    expect(parseConfig("future: 1\ncontexts:\n  - {name: a, server: http://h:1, extra: x}\n", "f").contexts).toEqual([
      { name: "a", server: "http://h:1", token: undefined },
    ]);
  });

  it("names each problem by file and path, never quoting a value", () => {
    const text =
      "current-context: 7\ncontexts:\n  - {name: a, server: 3, token: [acp_secret]}\n  - {name: a, server: s}\n  - x\n";
    const problems = (() => {
      try {
        parseConfig(text, "/c.yaml");
      } catch (error) {
        return (error as CliError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      "/c.yaml: current-context: must be a string",
      "/c.yaml: contexts[0].server: must be a non-empty string",
      "/c.yaml: contexts[0].token: must be a string",
      "/c.yaml: contexts[1].name: repeats the name of an earlier context",
      "/c.yaml: contexts[2]: must be a mapping with name, server and token",
    ]);
    expect(() => parseConfig("a: [acp_secret", "/c.yaml")).toThrow(/^\/c\.yaml: not valid YAML \(line \d+\)/);
    expect(() => parseConfig("a: [acp_secret", "/c.yaml")).not.toThrow(/acp_secret/);
    expect(() => parseConfig("- 1", "/c.yaml")).toThrow(CliError);
  });
});
