import { FieldRequirement, ProviderType, ValueSource } from "@acp/proto";
import { describe, expect, it } from "vitest";
import type { BoundCredential, MaterializationConflict, MaterializationPlan } from "./materialization-plan.js";
import { planMaterialization } from "./plan-materialization.js";
import { fixtureSpec, providerEnum } from "./provider-enum-fixture.js";
import { createProviderRegistry } from "./provider-registry.js";

const dir = "/run/acp/session-1/credentials";

function credential(name: string, provider: ProviderType, fields: Partial<BoundCredential> = {}): BoundCredential {
  return { credentialId: `id-${name}`, name, provider, secret: `secret-of-${name}`, url: "", email: "", ...fields };
}

function plan(credentials: BoundCredential[]): MaterializationPlan {
  const result = planMaterialization(credentials, { dir: dir });
  if (!result.ok) throw new Error(`unexpected conflicts: ${JSON.stringify(result.conflicts)}`);
  return result.plan;
}

function conflicts(credentials: BoundCredential[]): readonly MaterializationConflict[] {
  const result = planMaterialization(credentials, { dir: dir });
  if (result.ok) throw new Error("expected conflicts");
  return result.conflicts;
}

describe("planMaterialization", () => {
  it("plans nothing for no credentials", () => {
    expect(plan([])).toEqual({ files: [], env: [], gitCredentials: [], mcpServers: [] });
  });

  it("writes the kubeconfig privately, points KUBECONFIG at it and starts the pinned MCP server", () => {
    const path = `${dir}/kubeconfig`;
    expect(plan([credential("cluster", ProviderType.KUBECONFIG)])).toEqual({
      files: [{ path, mode: 0o600, contents: "secret-of-cluster", credentialName: "cluster" }],
      env: [{ name: "KUBECONFIG", value: path, credentialName: "cluster" }],
      gitCredentials: [],
      mcpServers: [
        {
          name: "openshift",
          command: "npx",
          args: [
            "-y",
            "kubernetes-mcp-server@0.0.66",
            "--kubeconfig",
            path,
            "--read-only",
            "--toolsets",
            "core",
            "--disable-multi-cluster",
            "--list-output",
            "yaml",
          ],
          env: { KUBECONFIG: path },
          credentialName: "cluster",
        },
      ],
    });
  });

  it("combines providers, sorted by key whatever the input order", () => {
    const bound = [
      credential("tracker", ProviderType.JIRA, { url: "https://example.atlassian.net", email: "dev@example.com" }),
      credential("code", ProviderType.GITHUB),
      credential("ai", ProviderType.VERTEX),
    ];
    const forward = plan(bound);
    expect(plan([...bound].reverse())).toEqual(forward);
    expect(forward.env.map((e) => [e.name, e.value])).toEqual([
      ["CLAUDE_CODE_USE_VERTEX", "1"],
      ["GH_TOKEN", "secret-of-code"],
      ["GITHUB_TOKEN", "secret-of-code"],
      ["GOOGLE_APPLICATION_CREDENTIALS", `${dir}/vertex-service-account.json`],
      ["JIRA_API_TOKEN", "secret-of-tracker"],
      ["JIRA_EMAIL", "dev@example.com"],
      ["JIRA_URL", "https://example.atlassian.net"],
    ]);
    expect(forward.files).toEqual([
      { path: `${dir}/vertex-service-account.json`, mode: 0o600, contents: "secret-of-ai", credentialName: "ai" },
    ]);
    expect(forward.gitCredentials).toEqual([
      { host: "github.com", username: "x-access-token", token: "secret-of-code", credentialName: "code" },
    ]);
    expect(forward.mcpServers).toEqual([]);
  });

  it("offers a git token to the credential url's host instead of the default", () => {
    const result = plan([credential("work", ProviderType.GITLAB, { url: "https://gitlab.example.com:8443/group" })]);
    expect(result.gitCredentials).toEqual([
      { host: "gitlab.example.com:8443", username: "oauth2", token: "secret-of-work", credentialName: "work" },
    ]);
    expect(result.env.map((e) => [e.name, e.value])).toEqual([
      ["GITLAB_TOKEN", "secret-of-work"],
      ["GITLAB_URL", "https://gitlab.example.com:8443/group"],
    ]);
  });

  it("sets no variable for an optional field left empty", () => {
    const result = plan([credential("gl", ProviderType.GITLAB)]);
    expect(result.env.map((e) => e.name)).toEqual(["GITLAB_TOKEN"]);
    expect(result.gitCredentials.map((g) => g.host)).toEqual(["gitlab.com"]);
  });

  it("lets a github and a self-managed gitlab credential live side by side", () => {
    const result = plan([
      credential("gh", ProviderType.GITHUB),
      credential("gl", ProviderType.GITLAB, { url: "https://git.example.org" }),
    ]);
    expect(result.gitCredentials.map((g) => [g.host, g.credentialName])).toEqual([
      ["git.example.org", "gl"],
      ["github.com", "gh"],
    ]);
  });

  it("reports two credentials of one provider, naming both for every contested key", () => {
    expect(conflicts([credential("b-token", ProviderType.GITHUB), credential("a-token", ProviderType.GITHUB)])).toEqual(
      [
        {
          kind: "env",
          key: "GH_TOKEN",
          credentialNames: ["a-token", "b-token"],
          description: 'credentials "a-token" and "b-token" both set environment variable GH_TOKEN',
        },
        {
          kind: "env",
          key: "GITHUB_TOKEN",
          credentialNames: ["a-token", "b-token"],
          description: 'credentials "a-token" and "b-token" both set environment variable GITHUB_TOKEN',
        },
        {
          kind: "git-host",
          key: "github.com",
          credentialNames: ["a-token", "b-token"],
          description: 'credentials "a-token" and "b-token" both set git credentials for host github.com',
        },
      ],
    );
  });

  it("reports the shared variable of the two service-account providers", () => {
    expect(conflicts([credential("gcp", ProviderType.GOOGLE), credential("ai", ProviderType.VERTEX)])).toEqual([
      {
        kind: "env",
        key: "GOOGLE_APPLICATION_CREDENTIALS",
        credentialNames: ["ai", "gcp"],
        description: 'credentials "ai" and "gcp" both set environment variable GOOGLE_APPLICATION_CREDENTIALS',
      },
    ]);
  });

  it("reports file, variable and MCP server clashes between three kubeconfigs", () => {
    const found = conflicts(["c", "a", "b"].map((name) => credential(name, ProviderType.KUBECONFIG)));
    expect(found.map((c) => [c.kind, c.key, c.credentialNames])).toEqual([
      ["env", "KUBECONFIG", ["a", "b", "c"]],
      ["file", `${dir}/kubeconfig`, ["a", "b", "c"]],
      ["mcp-server", "openshift", ["a", "b", "c"]],
    ]);
    expect(found[2]?.description).toBe('credentials "a", "b" and "c" all set MCP server openshift');
  });

  it("reports a provider this build does not know and an unusable url", () => {
    expect(
      conflicts([
        credential("future", 99 as ProviderType),
        credential("gl", ProviderType.GITLAB, { url: "not a url" }),
      ]),
    ).toEqual([
      {
        kind: "invalid-url",
        key: "url",
        credentialNames: ["gl"],
        description: 'credential "gl" has a url that is not a valid URL',
      },
      {
        kind: "unknown-provider",
        key: "99",
        credentialNames: ["future"],
        description: 'credential "future" has provider 99, which this build does not know',
      },
    ]);
  });

  it("never puts a secret into a conflict", () => {
    const found = conflicts([credential("x", ProviderType.JIRA), credential("y", ProviderType.JIRA)]);
    expect(JSON.stringify(found)).not.toContain("secret-of-");
  });

  it("refuses a relative directory", () => {
    expect(() => planMaterialization([], { dir: "credentials" })).toThrow(TypeError);
  });

  it("gives an MCP server only the variables its credential sets", () => {
    const registry = createProviderRegistry(
      providerEnum([
        {
          name: "FIXTURE_TYPE_BETA",
          number: 1,
          spec: fixtureSpec({
            email: FieldRequirement.OPTIONAL,
            env: [
              { name: "B_EMAIL", value: { case: "source", value: ValueSource.EMAIL } },
              { name: "B_SECRET", value: { case: "source", value: ValueSource.SECRET } },
            ],
            mcpServer: { name: "beta", npmPackage: "beta-mcp", version: "0.1.0", args: [] },
          }),
        },
        {
          name: "FIXTURE_TYPE_GAMMA",
          number: 2,
          spec: fixtureSpec({
            shortName: "gamma",
            env: [{ name: "G_SECRET", value: { case: "source", value: ValueSource.SECRET } }],
          }),
        },
      ]),
    );
    const result = planMaterialization(
      [
        { credentialId: "1", name: "b", provider: 1, secret: "s1", url: "", email: "" },
        { credentialId: "2", name: "g", provider: 2, secret: "s2", url: "", email: "" },
      ],
      { dir: "/tmp/d", registry },
    );
    if (!result.ok) throw new Error("expected a plan");
    expect(result.plan.mcpServers.map((server) => server.env)).toEqual([{ B_SECRET: "s1" }]);
  });

  it("uses another registry when given, with every value source and {file} substitution", () => {
    const registry = createProviderRegistry(
      providerEnum([
        {
          name: "FIXTURE_TYPE_ALPHA",
          number: 1,
          spec: fixtureSpec({
            email: FieldRequirement.OPTIONAL,
            env: [
              { name: "A_SECRET", value: { case: "source", value: ValueSource.SECRET } },
              { name: "A_URL", value: { case: "source", value: ValueSource.URL } },
              { name: "A_EMAIL", value: { case: "source", value: ValueSource.EMAIL } },
              { name: "A_FILE", value: { case: "source", value: ValueSource.FILE_PATH } },
              { name: "A_LITERAL", value: { case: "literal", value: "on" } },
            ],
            file: { name: "alpha.json", mode: 0o400 },
            mcpServer: {
              name: "alpha",
              npmPackage: "@scope/alpha-mcp",
              version: "1.2.3",
              args: ["--config={file}", "{file}"],
            },
          }),
        },
      ]),
    );
    const result = planMaterialization(
      [{ credentialId: "1", name: "al", provider: 1, secret: "s", url: "https://a.example", email: "a@a.example" }],
      { dir: "/tmp/d", registry },
    );
    expect(result).toEqual({
      ok: true,
      plan: {
        files: [{ path: "/tmp/d/alpha.json", mode: 0o400, contents: "s", credentialName: "al" }],
        env: [
          { name: "A_EMAIL", value: "a@a.example", credentialName: "al" },
          { name: "A_FILE", value: "/tmp/d/alpha.json", credentialName: "al" },
          { name: "A_LITERAL", value: "on", credentialName: "al" },
          { name: "A_SECRET", value: "s", credentialName: "al" },
          { name: "A_URL", value: "https://a.example", credentialName: "al" },
        ],
        gitCredentials: [],
        mcpServers: [
          {
            name: "alpha",
            command: "npx",
            args: ["-y", "@scope/alpha-mcp@1.2.3", "--config=/tmp/d/alpha.json", "/tmp/d/alpha.json"],
            env: {
              A_EMAIL: "a@a.example",
              A_FILE: "/tmp/d/alpha.json",
              A_LITERAL: "on",
              A_SECRET: "s",
              A_URL: "https://a.example",
            },
            credentialName: "al",
          },
        ],
      },
    });
  });
});
