import { fileURLToPath } from "node:url";
import { contractPackages, contractPaths, useChangedWorkspace } from "@acp/providers/test-single-change";
import { describe, expect, it } from "vitest";
import type * as capturedModule from "../testing/captured-io.js";

// The promise of the contract, for the CLI: adding a provider is one proto
// change. As libs/providers/src/single-change.test.ts does for the registry,
// this makes exactly that change in a copy of the repository, regenerates,
// and drives the copy's acpctl: no CLI file is edited.

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const copied = [
  ...contractPaths,
  "libs/secure-files",
  "libs/commander-io",
  "apps/cli/package.json",
  "apps/cli/tsconfig.json",
  "apps/cli/src",
];
const workspacePackages = {
  ...contractPackages,
  "secure-files": "libs/secure-files",
  "commander-io": "libs/commander-io",
  cli: "apps/cli",
};

const newValue = `
  PROVIDER_TYPE_EXAMPLE = 99 [(acp.providers.v1.provider) = {
    short_name: "example"
    display_name: "Example"
    secret_help: "An example API token."
    secret_format: SECRET_FORMAT_OPAQUE_TOKEN
    url: FIELD_REQUIREMENT_UNUSED
    email: FIELD_REQUIREMENT_REQUIRED
    max_secret_bytes: 128
    env {name: "EXAMPLE_TOKEN", source: VALUE_SOURCE_SECRET}
  }];
`;

describe("a provider added to the proto reaches acpctl with no CLI change", () => {
  const copy = useChangedWorkspace<typeof capturedModule>(
    { repoRoot, copied, workspacePackages, enumValue: newValue },
    "apps/cli/src/testing/captured-io.ts",
  );

  it("lists the new provider with its spec", async () => {
    const { stdout } = await copy.module().runCli(["providers", "-o", "json"]);
    const listed = JSON.parse(stdout) as { providers: { type: string; spec: { shortName: string } }[] };
    expect(listed.providers.at(-1)).toMatchObject({ type: "PROVIDER_TYPE_EXAMPLE", spec: { shortName: "example" } });
    expect((await copy.module().runCli(["providers"])).stdout).toMatch(
      /^example\s+Example\s+--email\s+EXAMPLE_TOKEN\s/m,
    );
  });

  it("offers it in --provider's choices and help, and in completion", async () => {
    const help = (await copy.module().runCli(["credential", "create", "--help"])).stdout;
    expect(help).toMatch(/"example"\)/);
    expect(help).toMatch(/^ {2}example\s+An example API token\. Requires --email\.$/m);
    const bash = (await copy.module().runCli(["completion", "bash"])).stdout;
    expect(bash).toMatch(/"credential\/create --provider"\) COMPREPLY=\(\$\(compgen -W "[^"]* example"/);
  });

  it("creates a credential of the new provider, sending its enum number", async () => {
    const sent: unknown[] = [];
    const credentials = {
      createCredential: async (request: unknown) => {
        sent.push(request);
        return { credential: { id: "cred_example", name: "ex" } };
      },
    };
    const clients = () => ({ client: () => credentials, close: () => {} });
    const result = await copy
      .module()
      .runCli(
        [
          "credential",
          "create",
          "--name",
          "ex",
          "--provider",
          "example",
          "--email",
          "me@example.com",
          "--secret-file",
          "-",
        ],
        { env: { ACP_SERVER: "http://127.0.0.1:9", ACP_TOKEN: "t" }, input: "ex_token", clients: clients as never },
      );
    expect(result).toEqual({ code: 0, stdout: "created credential ex (cred_example)\n", stderr: "" });
    expect(sent).toEqual([
      expect.objectContaining({ provider: 99, name: "ex", email: "me@example.com", secret: "ex_token" }),
    ]);
  });
});
