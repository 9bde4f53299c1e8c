import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { findProviderLiterals, isScannedPath, scanRepoForProviderLiterals } from "./provider-literal-scan.js";

// Made-up names: the matcher is tested on its own, not on the current registry.
const names = ["acme", "widgetco"];

describe("findProviderLiterals", () => {
  test("catches a short name in every quote style, any case", () => {
    const src = [`const a = "acme";`, `const b = 'ACME';`, "const c = `WidgetCo`;", `if (kind === "widgetco") {}`].join(
      "\n",
    );
    const hits = findProviderLiterals("libs/x/src/a.ts", src, names);
    expect(hits.map((h) => [h.line, h.literal])).toEqual([
      [1, `"acme"`],
      [2, `'ACME'`],
      [3, "`WidgetCo`"],
      [4, `"widgetco"`],
    ]);
  });

  test("ignores comments, identifiers and longer strings", () => {
    const src = [
      `// the "acme" provider`,
      `/* 'widgetco' */`,
      `import { acme } from "@acp/acme";`,
      `const acmeToken = "acme-token";`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text of a template literal, scanned as code.
      "const t = `${x}acme`;",
    ].join("\n");
    expect(findProviderLiterals("libs/x/src/a.ts", src, names)).toEqual([]);
  });
});

describe("isScannedPath", () => {
  test("scans source files", () => {
    expect(isScannedPath("apps/api/src/server/routes.ts")).toBe(true);
    expect(isScannedPath("libs/providers/src/index.mjs")).toBe(true);
  });

  test("skips generated code, tests, fixtures and non-code", () => {
    expect(isScannedPath("libs/proto/src/gen/acp/providers/v1/provider_type_pb.ts")).toBe(false);
    expect(isScannedPath("apps/api/src/server/routes.test.ts")).toBe(false);
    expect(isScannedPath("apps/api/test/helpers.ts")).toBe(false);
    expect(isScannedPath("libs/kubeconfig/fixtures/sample.ts")).toBe(false);
    expect(isScannedPath("apps/api/package.json")).toBe(false);
  });
});

describe("scanRepoForProviderLiterals", () => {
  const root = mkdtempSync(join(tmpdir(), "acp-literal-scan-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("reports planted literals in untracked source, skips tests, gen and ignored files", () => {
    execFileSync("git", ["init", "-q"], { cwd: root, stdio: "pipe" });
    const planted = `export const p = "acme";\n`;
    const files: Record<string, string> = {
      ".gitignore": "dist/\n",
      "apps/api/src/planted.ts": planted,
      "apps/api/src/planted.test.ts": planted,
      "libs/proto/src/gen/x_pb.ts": planted,
      "libs/kubeconfig/test/helper.ts": planted,
      "apps/api/dist/built.js": planted,
      "tools/elsewhere.ts": planted,
    };
    for (const [path, body] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), body);
    }
    const hits = scanRepoForProviderLiterals(root, names);
    expect(hits).toEqual([{ file: "apps/api/src/planted.ts", line: 1, literal: `"acme"` }]);
  });
});
