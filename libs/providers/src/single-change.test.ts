import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { contractPackages, contractPaths, useChangedWorkspace } from "../test/changed-workspace.js";
import * as original from "./index.js";

// The project's promise: adding a provider is one proto change. This test
// makes exactly that change in a copy of the repository, regenerates, and
// checks that the registry, validation and the runner plan all pick it up.

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const copied = contractPaths;
const workspacePackages = contractPackages;

const newValue = `
  PROVIDER_TYPE_EXAMPLE = 99 [(acp.providers.v1.provider) = {
    short_name: "example"
    display_name: "Example"
    secret_help: "An example API token."
    secret_format: SECRET_FORMAT_OPAQUE_TOKEN
    url: FIELD_REQUIREMENT_UNUSED
    email: FIELD_REQUIREMENT_OPTIONAL
    max_secret_bytes: 128
    env: [
      {name: "EXAMPLE_TOKEN_FILE", source: VALUE_SOURCE_FILE_PATH},
      {name: "EXAMPLE_EMAIL", source: VALUE_SOURCE_EMAIL},
      {name: "EXAMPLE_ENABLED", literal: "true"}
    ]
    file: {
      name: "example-token"
      mode: 384
    }
    mcp_server: {
      name: "example"
      npm_package: "example-mcp-server"
      version: "1.2.3"
      args: ["--token-file", "{file}"]
    }
  }];
`;

describe("adding a provider is a single proto change", () => {
  const copy = useChangedWorkspace<typeof original>(
    { repoRoot, copied, workspacePackages, enumValue: newValue },
    "libs/providers/src/index.ts",
  );

  it("regenerated the copy only", async () => {
    const generated = await readFile(
      join(copy.root(), "libs/proto/src/gen/acp/providers/v1/provider_type_pb.ts"),
      "utf8",
    );
    expect(generated).toMatch(/EXAMPLE = 99/);
    expect(original.providers.get(99)).toBeUndefined();
  });

  it("lists the new provider in the registry with its spec", () => {
    expect(copy.module().providers.shortNames()).toEqual([...original.providers.shortNames(), "example"]);
    const example = copy.module().providers.byShortName("example");
    expect(example).toBe(copy.module().providers.get(99));
    expect(example?.enumValueName).toBe("PROVIDER_TYPE_EXAMPLE");
    expect(example?.displayName).toBe("Example");
    expect(example?.file).toEqual({ name: "example-token", mode: 0o600 });
    expect(example?.mcpServer?.version).toBe("1.2.3");
  });

  it("validates the new provider's credentials by its spec", () => {
    const example = copy.module().providers.get(99);
    const input = { secret: "ex_t0ken\n", url: "", email: "me@example.com", allowInsecure: false };
    expect(copy.module().validateCredentialInput(example, input)).toEqual({
      ok: true,
      secret: "ex_t0ken",
      summary: { case: undefined },
    });
    const rejected = copy.module().validateCredentialInput(example, {
      secret: "x".repeat(129),
      url: "https://example.com",
      email: "not-an-email",
      allowInsecure: false,
    });
    expect(rejected).toEqual({
      ok: false,
      violations: [
        { field: "url", description: "url must be empty: Example credentials do not use it" },
        { field: "email", description: "email must look like name@example.com" },
        { field: "secret", description: "secret is 129 bytes; Example secrets may be at most 128 bytes" },
      ],
    });
    expect(copy.module().validateCredentialInput(example, { ...input, secret: "ex t0ken" }).ok).toBe(false);
  });

  it("plans the new provider's file, variables and MCP server", () => {
    const dir = "/run/acp/credentials";
    const result = copy
      .module()
      .planMaterialization(
        [{ credentialId: "c1", name: "mine", provider: 99, secret: "ex_t0ken", url: "", email: "me@example.com" }],
        { dir },
      );
    expect(result).toEqual({
      ok: true,
      plan: {
        files: [{ path: `${dir}/example-token`, mode: 0o600, contents: "ex_t0ken", credentialName: "mine" }],
        env: [
          { name: "EXAMPLE_EMAIL", value: "me@example.com", credentialName: "mine" },
          { name: "EXAMPLE_ENABLED", value: "true", credentialName: "mine" },
          { name: "EXAMPLE_TOKEN_FILE", value: `${dir}/example-token`, credentialName: "mine" },
        ],
        gitCredentials: [],
        mcpServers: [
          {
            name: "example",
            command: "npx",
            args: ["-y", "example-mcp-server@1.2.3", "--token-file", `${dir}/example-token`],
            env: {
              EXAMPLE_EMAIL: "me@example.com",
              EXAMPLE_ENABLED: "true",
              EXAMPLE_TOKEN_FILE: `${dir}/example-token`,
            },
            credentialName: "mine",
          },
        ],
      },
    });
  });
});
