import { providers } from "@acp/providers";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCli } from "../testing/captured-io.js";
import { parsedJson } from "../testing/cli-fixtures.js";

describe("acpctl providers", () => {
  it("tables every provider of the registry with what a session gets from it", async () => {
    const { code, stdout } = await runCli(["providers"]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+DISPLAY NAME\s+REQUIRES\s+ENV\s+FILE\s+GIT HOSTS\s+MCP SERVER\s+SECRET$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(providers.shortNames());
    expect(stdout).toMatch(/^jira\s+Jira\s+--url,--email\s+JIRA_URL,JIRA_EMAIL,JIRA_API_TOKEN\s/m);
    expect(stdout).toMatch(/^kubeconfig\s+.*\s+KUBECONFIG\s+kubeconfig\s+-\s+kubernetes-mcp-server@\d+\.\d+\.\d+\s/m);
    expect(stdout).toMatch(/^github\s+GitHub\s+-\s+GITHUB_TOKEN,GH_TOKEN\s+-\s+github\.com\s/m);
  });

  it("prints each ProviderSpec as proto JSON, and the same as YAML", async () => {
    const json = parsedJson(await runCli(["providers", "-o", "json"])) as {
      providers: { type: string; spec: Record<string, unknown> }[];
    };
    expect(json.providers.map((p) => p.type)).toEqual(providers.all().map((p) => p.enumValueName));
    expect(json.providers.find((p) => p.spec["shortName"] === "jira")?.spec).toMatchObject({
      displayName: "Jira",
      url: "FIELD_REQUIREMENT_REQUIRED",
      env: expect.arrayContaining([{ name: "JIRA_API_TOKEN", source: "VALUE_SOURCE_SECRET" }]),
    });
    expect(parseYaml((await runCli(["providers", "-o", "yaml"])).stdout)).toEqual(json);
  });

  it("offers the registry's providers as --provider choices, with each secret's help", async () => {
    const help = await runCli(["credential", "create", "--help"]);
    expect(help.code).toBe(0);
    for (const provider of providers.all()) {
      expect(help.stdout).toContain(`"${provider.shortName}"`);
      expect(help.stdout).toContain(provider.secretHelp);
    }
    const wrong = await runCli(["credential", "create", "--name", "x", "--provider", "nosuch"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Allowed choices are github, gitlab/);
  });
});
