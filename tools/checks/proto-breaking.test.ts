import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runBuf } from "./buf.js";
import { repoRoot } from "./repo-root.js";

// The committed contract. Refresh it only on purpose: `npm run proto:baseline`.
const baseline = join(repoRoot, "tools", "proto", "baseline.binpb");
const providerTypeFile = join("proto", "acp", "providers", "v1", "provider_type.proto");

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

// A copy of the module with the same layout as the repo (buf.yaml + proto/),
// so buf sees the same file paths it recorded in the baseline image.
function copyModule(edit?: (providerType: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "acp-proto-breaking-"));
  scratch.push(dir);
  cpSync(join(repoRoot, "buf.yaml"), join(dir, "buf.yaml"));
  cpSync(join(repoRoot, "proto"), join(dir, "proto"), { recursive: true });
  if (edit) {
    const path = join(dir, providerTypeFile);
    const before = readFileSync(path, "utf8");
    const after = edit(before);
    // An edit that silently matched nothing would make a "fails" case vacuous.
    expect(after, "the edit must change provider_type.proto").not.toBe(before);
    writeFileSync(path, after);
  }
  return dir;
}

function breakingAgainstBaseline(cwd: string) {
  return runBuf(["breaking", "--against", baseline], cwd);
}

// Appends enum values just before the closing brace of ProviderType, the last
// declaration in the file.
function appendValues(src: string, values: string): string {
  return src.replace(/\n}\s*$/, `\n${values}\n}\n`);
}

const failureText = (n: number) => `enum value "${n}" on enum "ProviderType" was deleted`;

test("the working tree is compatible with the baseline", () => {
  const res = breakingAgainstBaseline(repoRoot);
  expect(res.output, "breaking changes; if intended, run `npm run proto:baseline` and commit").toBe("");
  expect(res.code).toBe(0);
});

describe("a temporary copy of proto/", () => {
  test("compares the same files as the baseline and passes unchanged", () => {
    const dir = copyModule();
    // Import paths are what buf matches files by when comparing.
    const inCopy = runBuf(["ls-files", "--format", "import"], dir);
    const inBaseline = runBuf(["ls-files", "--format", "import", baseline]);
    expect(inCopy.code, inCopy.output).toBe(0);
    expect(inBaseline.code, inBaseline.output).toBe(0);
    expect(inCopy.output).toContain("acp/providers/v1/provider_type.proto");
    expect(inCopy.output).toBe(inBaseline.output);
    const res = breakingAgainstBaseline(dir);
    expect(res.code, res.output).toBe(0);
  });

  test("renumbering a provider is breaking", () => {
    const dir = copyModule((s) => s.replace("PROVIDER_TYPE_JIRA = 3 ", "PROVIDER_TYPE_JIRA = 7 "));
    const res = breakingAgainstBaseline(dir);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain(failureText(3));
  });

  test("removing a provider is breaking", () => {
    const dir = copyModule((s) => s.replace(/\n {2}PROVIDER_TYPE_JIRA = 3 \[[\s\S]*?\n {2}}];\n/, "\n"));
    const res = breakingAgainstBaseline(dir);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain(failureText(3));
  });

  test("adding a provider without options is compatible", () => {
    const dir = copyModule((s) => appendValues(s, "  PROVIDER_TYPE_EXAMPLE = 99;"));
    const res = breakingAgainstBaseline(dir);
    expect(res.output).toBe("");
    expect(res.code).toBe(0);
  });

  test("adding a provider with a ProviderSpec is compatible", () => {
    const value = [
      "  PROVIDER_TYPE_EXAMPLE = 99 [(acp.providers.v1.provider) = {",
      '    short_name: "example"',
      '    display_name: "Example"',
      "    secret_format: SECRET_FORMAT_OPAQUE_TOKEN",
      "    max_secret_bytes: 4096",
      '    env: [{name: "EXAMPLE_TOKEN", source: VALUE_SOURCE_SECRET}]',
      "  }];",
    ].join("\n");
    const dir = copyModule((s) => appendValues(s, value));
    // Compiles: a typo in the option would otherwise pass as "compatible".
    const build = runBuf(["build"], dir);
    expect(build.code, build.output).toBe(0);
    const res = breakingAgainstBaseline(dir);
    expect(res.output).toBe("");
    expect(res.code).toBe(0);
  });
});
