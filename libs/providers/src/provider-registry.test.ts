import {
  FieldRequirement,
  ProviderType,
  ProviderTypeSchema,
  provider as providerOption,
  SecretFormat,
  ValueSource,
} from "@acp/proto";
import { getOption } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { type FixtureValue, fixtureSpec, providerEnum, type SpecInit } from "./provider-enum-fixture.js";
import { createProviderRegistry } from "./provider-registry.js";
import { ProviderSpecError } from "./provider-spec-error.js";
import { providers } from "./providers.js";

describe("the ProviderType registry", () => {
  it("lists the six providers in enum order", () => {
    expect(providers.shortNames()).toEqual(["github", "gitlab", "jira", "google", "vertex", "kubeconfig"]);
    expect(providers.all().map((p) => [p.type, p.enumValueName])).toEqual([
      [1, "PROVIDER_TYPE_GITHUB"],
      [2, "PROVIDER_TYPE_GITLAB"],
      [3, "PROVIDER_TYPE_JIRA"],
      [4, "PROVIDER_TYPE_GOOGLE"],
      [5, "PROVIDER_TYPE_VERTEX"],
      [6, "PROVIDER_TYPE_KUBECONFIG"],
    ]);
  });

  it("looks providers up by enum number and by short name", () => {
    expect(providers.get(ProviderType.JIRA)?.shortName).toBe("jira");
    expect(providers.byShortName("vertex")?.type).toBe(ProviderType.VERTEX);
    expect(providers.get(ProviderType.UNSPECIFIED)).toBeUndefined();
    expect(providers.get(42)).toBeUndefined();
    expect(providers.byShortName("GitHub")).toBeUndefined();
    expect(providers.byShortName("")).toBeUndefined();
  });

  it("exposes each value's option exactly as read from the enum", () => {
    for (const value of ProviderTypeSchema.values.filter((v) => v.number !== 0)) {
      expect(providers.get(value.number)?.spec).toEqual(getOption(value, providerOption));
    }
  });

  it("reads the kubeconfig provider: private file, KUBECONFIG, pinned read-only MCP server", () => {
    const p = providers.byShortName("kubeconfig");
    expect(p).toBeDefined();
    expect(p?.displayName).toBe("Kubernetes / OpenShift");
    expect(p?.secretFormat).toBe(SecretFormat.KUBECONFIG_YAML);
    expect(p?.maxSecretBytes).toBe(1024 * 1024);
    expect([p?.url, p?.email]).toEqual([FieldRequirement.UNUSED, FieldRequirement.UNUSED]);
    expect(p?.file).toEqual({ name: "kubeconfig", mode: 0o600 });
    expect(p?.env).toEqual([{ name: "KUBECONFIG", value: { kind: "file-path", file: p?.file } }]);
    expect(p?.git).toBeUndefined();
    expect(p?.mcpServer).toEqual({
      name: "openshift",
      npmPackage: "kubernetes-mcp-server",
      version: "0.0.66",
      args: [
        "--kubeconfig",
        "{file}",
        "--read-only",
        "--toolsets",
        "core",
        "--disable-multi-cluster",
        "--list-output",
        "yaml",
      ],
    });
  });

  it("reads the git hosts: env from the secret, git entry, no file", () => {
    const github = providers.byShortName("github");
    expect(github?.env).toEqual([
      { name: "GITHUB_TOKEN", value: { kind: "secret" } },
      { name: "GH_TOKEN", value: { kind: "secret" } },
    ]);
    expect(github?.git).toEqual({ defaultHosts: ["github.com"], username: "x-access-token" });
    expect(github?.file).toBeUndefined();
    expect(github?.mcpServer).toBeUndefined();
    expect(github?.url).toBe(FieldRequirement.OPTIONAL);
    expect(github?.maxSecretBytes).toBe(4096);

    const gitlab = providers.byShortName("gitlab");
    expect(gitlab?.env).toEqual([
      { name: "GITLAB_TOKEN", value: { kind: "secret" } },
      { name: "GITLAB_URL", value: { kind: "url" } },
    ]);
    expect(gitlab?.git).toEqual({ defaultHosts: ["gitlab.com"], username: "oauth2" });
  });

  it("reads jira: url and email required, three variables, no git", () => {
    const jira = providers.byShortName("jira");
    expect([jira?.url, jira?.email]).toEqual([FieldRequirement.REQUIRED, FieldRequirement.REQUIRED]);
    expect(jira?.secretFormat).toBe(SecretFormat.OPAQUE_TOKEN);
    expect(jira?.env.map((e) => [e.name, e.value.kind])).toEqual([
      ["JIRA_URL", "url"],
      ["JIRA_EMAIL", "email"],
      ["JIRA_API_TOKEN", "secret"],
    ]);
    expect(jira?.git).toBeUndefined();
  });

  it("reads the service-account providers: own file each, path in env, vertex switch as a literal", () => {
    const google = providers.byShortName("google");
    const vertex = providers.byShortName("vertex");
    expect(google?.secretFormat).toBe(SecretFormat.SERVICE_ACCOUNT_JSON);
    expect(google?.maxSecretBytes).toBe(16384);
    expect(google?.file).toEqual({ name: "google-service-account.json", mode: 0o600 });
    expect(google?.env).toEqual([
      { name: "GOOGLE_APPLICATION_CREDENTIALS", value: { kind: "file-path", file: google?.file } },
    ]);
    expect(vertex?.file).toEqual({ name: "vertex-service-account.json", mode: 0o600 });
    expect(vertex?.env).toEqual([
      { name: "GOOGLE_APPLICATION_CREDENTIALS", value: { kind: "file-path", file: vertex?.file } },
      { name: "CLAUDE_CODE_USE_VERTEX", value: { kind: "literal", literal: "1" } },
    ]);
  });
});

describe("resolve", () => {
  it("returns the provider a request names, or a violation listing the choices", () => {
    const first = providers.all()[0]!;
    expect(providers.resolve(first.type)).toEqual({ ok: true, provider: first });
    const choices = providers.shortNames().join(", ");
    expect(providers.resolve(0)).toEqual({
      ok: false,
      violation: { field: "provider", description: `must be set; one of ${choices}` },
    });
    expect(providers.resolve(4242)).toEqual({
      ok: false,
      violation: { field: "provider", description: `unknown provider 4242; expected one of ${choices}` },
    });
  });
});

describe("createProviderRegistry on other enums", () => {
  const one = (spec: SpecInit): FixtureValue[] => [{ name: "FIXTURE_TYPE_ALPHA", number: 1, spec }];

  function problemsOf(values: FixtureValue[], zeroSpec?: SpecInit): readonly string[] {
    try {
      createProviderRegistry(providerEnum(values, zeroSpec));
    } catch (error) {
      expect(error).toBeInstanceOf(ProviderSpecError);
      expect((error as ProviderSpecError).message).toContain("fixture.v1.FixtureType");
      return (error as ProviderSpecError).problems;
    }
    throw new Error("expected the registry to reject the enum");
  }

  it("accepts a well-formed enum and ignores the zero value", () => {
    const registry = createProviderRegistry(
      providerEnum([
        { name: "FIXTURE_TYPE_BETA", number: 7, spec: fixtureSpec({ shortName: "beta" }) },
        { name: "FIXTURE_TYPE_ALPHA", number: 3, spec: fixtureSpec() },
      ]),
    );
    expect(registry.shortNames()).toEqual(["alpha", "beta"]);
    expect(registry.get(7)?.enumValueName).toBe("FIXTURE_TYPE_BETA");
    expect(registry.get(0)).toBeUndefined();
    expect(registry.get(3)?.file).toBeUndefined();
  });

  it("rejects a value without the option", () => {
    expect(problemsOf([{ name: "FIXTURE_TYPE_ALPHA", number: 1 }])).toEqual([
      "FIXTURE_TYPE_ALPHA (1): has no (acp.providers.v1.provider) option",
    ]);
  });

  it("rejects an option on the zero value", () => {
    expect(problemsOf(one(fixtureSpec()), fixtureSpec({ shortName: "zero" }))).toEqual([
      "FIXTURE_TYPE_UNSPECIFIED (0): the zero value must not carry a provider option",
    ]);
  });

  it("rejects duplicate short names, naming both values", () => {
    const problems = problemsOf([
      { name: "FIXTURE_TYPE_ALPHA", number: 1, spec: fixtureSpec() },
      { name: "FIXTURE_TYPE_BETA", number: 2, spec: fixtureSpec() },
    ]);
    expect(problems).toEqual(['FIXTURE_TYPE_BETA (2): short_name "alpha" is already used by FIXTURE_TYPE_ALPHA']);
  });

  it.each([
    ["a group-readable mode", 0o644, "file.mode 420 (0o644)"],
    ["a mode beyond permission bits", 0o4600, "file.mode 2432 (0o4600)"],
    ["a mode the owner cannot read", 0o200, "file.mode 128 (0o200)"],
  ])("rejects %s", (_, mode, expected) => {
    const problems = problemsOf(one(fixtureSpec({ file: { name: "alpha.txt", mode } })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  it.each(["sub/alpha", "..", "a\\b", ""])("rejects the file name %j", (name) => {
    expect(problemsOf(one(fixtureSpec({ file: { name, mode: 0o600 } })))[0]).toContain("must be a bare file name");
  });

  it.each(["^0.0.66", "0.0", "next", "v1.2.3", "1.2.3 - 1.4.0", "01.2.3"])("rejects the MCP version %j", (version) => {
    const problems = problemsOf(one(fixtureSpec({ mcpServer: { name: "alpha", npmPackage: "alpha-mcp", version } })));
    expect(problems).toEqual([
      `FIXTURE_TYPE_ALPHA (1): mcp_server.version ${JSON.stringify(version)} is not an exact semantic version (no ranges or tags)`,
    ]);
  });

  it("rejects file-path values and {file} arguments when there is no file", () => {
    const problems = problemsOf(
      one(
        fixtureSpec({
          env: [{ name: "ALPHA_FILE", value: { case: "source", value: ValueSource.FILE_PATH } }],
          mcpServer: { name: "alpha", npmPackage: "alpha-mcp", version: "1.0.0", args: ["--config={file}"] },
        }),
      ),
    );
    expect(problems).toEqual([
      "FIXTURE_TYPE_ALPHA (1): env[0] (ALPHA_FILE): source is VALUE_SOURCE_FILE_PATH but the provider has no file",
      "FIXTURE_TYPE_ALPHA (1): mcp_server.args use {file} but the provider has no file",
    ]);
  });

  it("rejects variables fed from unused fields, without a value, or named twice", () => {
    const problems = problemsOf(
      one(
        fixtureSpec({
          url: FieldRequirement.UNUSED,
          env: [
            { name: "ALPHA_URL", value: { case: "source", value: ValueSource.URL } },
            { name: "ALPHA_EMAIL", value: { case: "source", value: ValueSource.EMAIL } },
            { name: "ALPHA_NOTHING" },
            { name: "ALPHA_URL", value: { case: "literal", value: "x" } },
            { name: "1BAD", value: { case: "source", value: ValueSource.UNSPECIFIED } },
          ],
        }),
      ),
    );
    expect(problems).toEqual([
      "FIXTURE_TYPE_ALPHA (1): env[0] (ALPHA_URL): source is VALUE_SOURCE_URL but url is FIELD_REQUIREMENT_UNUSED",
      "FIXTURE_TYPE_ALPHA (1): env[1] (ALPHA_EMAIL): source is VALUE_SOURCE_EMAIL but email is FIELD_REQUIREMENT_UNUSED",
      "FIXTURE_TYPE_ALPHA (1): env[2] (ALPHA_NOTHING): sets neither source nor literal",
      "FIXTURE_TYPE_ALPHA (1): env[3] (ALPHA_URL): name appears more than once",
      "FIXTURE_TYPE_ALPHA (1): env[4] (1BAD): name must match ^[A-Za-z_][A-Za-z0-9_]*$",
      "FIXTURE_TYPE_ALPHA (1): env[4] (1BAD): source 0 is not a known ValueSource",
    ]);
  });

  it("rejects unset enums, empty texts and a zero size limit, listing every problem", () => {
    const problems = problemsOf(one({ shortName: "Alpha One" }));
    expect(problems).toEqual([
      'FIXTURE_TYPE_ALPHA (1): short_name "Alpha One" must match ^[a-z][a-z0-9-]*$',
      "FIXTURE_TYPE_ALPHA (1): display_name is empty",
      "FIXTURE_TYPE_ALPHA (1): secret_help is empty",
      "FIXTURE_TYPE_ALPHA (1): secret_format must be set to one of SECRET_FORMAT_OPAQUE_TOKEN, " +
        "SECRET_FORMAT_KUBECONFIG_YAML, SECRET_FORMAT_SERVICE_ACCOUNT_JSON",
      expect.stringContaining("FIXTURE_TYPE_ALPHA (1): url must be set to one of FIELD_REQUIREMENT_UNUSED"),
      expect.stringContaining("FIXTURE_TYPE_ALPHA (1): email must be set to one of"),
      "FIXTURE_TYPE_ALPHA (1): max_secret_bytes must be a positive number of bytes",
    ]);
  });

  it("rejects an unknown enum number in the option", () => {
    expect(problemsOf(one(fixtureSpec({ secretFormat: 77 as SecretFormat })))[0]).toContain(
      "secret_format must be set",
    );
  });

  it("rejects git entries that could never be used", () => {
    expect(problemsOf(one(fixtureSpec({ git: { defaultHosts: [], username: "" } })))).toEqual([
      "FIXTURE_TYPE_ALPHA (1): git.username is empty",
      "FIXTURE_TYPE_ALPHA (1): git.default_hosts is empty although url is not FIELD_REQUIREMENT_REQUIRED",
    ]);
    expect(
      problemsOf(
        one(
          fixtureSpec({
            secretFormat: SecretFormat.SERVICE_ACCOUNT_JSON,
            git: { defaultHosts: ["https://example.com", "a.example", "a.example"], username: "u" },
          }),
        ),
      ),
    ).toEqual([
      "FIXTURE_TYPE_ALPHA (1): git needs secret_format SECRET_FORMAT_OPAQUE_TOKEN: git sends the secret as a password",
      'FIXTURE_TYPE_ALPHA (1): git.default_hosts entry "https://example.com" is not a lower-case host name',
      "FIXTURE_TYPE_ALPHA (1): git.default_hosts has duplicates",
    ]);
  });

  it("accepts git without default hosts when the url is required", () => {
    const registry = createProviderRegistry(
      providerEnum(
        one(
          fixtureSpec({
            url: FieldRequirement.REQUIRED,
            git: { defaultHosts: [], username: "token" },
          }),
        ),
      ),
    );
    expect(registry.get(1)?.git).toEqual({ defaultHosts: [], username: "token" });
  });

  it("rejects malformed MCP names and packages", () => {
    expect(
      problemsOf(
        one(
          fixtureSpec({
            mcpServer: { name: "my server", npmPackage: "Not A Package", version: "1.0.0" },
          }),
        ),
      ),
    ).toEqual([
      'FIXTURE_TYPE_ALPHA (1): mcp_server.name "my server" must match ^[A-Za-z0-9_-]+$',
      'FIXTURE_TYPE_ALPHA (1): mcp_server.npm_package "Not A Package" is not an npm package name',
    ]);
  });
});
