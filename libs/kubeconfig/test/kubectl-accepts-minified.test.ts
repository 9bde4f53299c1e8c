import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadGoodCases } from "./corpus.js";

const kubectl = process.env["KUBECTL"] ?? "/usr/bin/kubectl";
const workDir = mkdtempSync(join(tmpdir(), "kubeconfig-test-"));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** What kubectl read from the file, minus the preferences it always adds. */
function viewWithKubectl(minified: string, name: string): unknown {
  const file = join(workDir, `${name}.yaml`);
  // The file holds test credentials; kubectl warns about group/world-readable configs.
  writeFileSync(file, minified, { mode: 0o600 });
  const output = execFileSync(kubectl, ["--kubeconfig", file, "config", "view", "--raw"], {
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", HOME: workDir },
  });
  const { preferences: _preferences, ...rest } = parse(output) as Record<string, unknown>;
  return rest;
}

describe("kubectl config view --raw", () => {
  it.each(loadGoodCases().map((c) => [c.name, c] as const))("reads the minified %s back unchanged", (name, c) => {
    expect(viewWithKubectl(c.minified, name)).toEqual(parse(c.minified));
  });
});
