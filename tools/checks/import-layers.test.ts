import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { findImports, resolveRelative } from "./import-graph.js";
import { checkImportLayers, formatFinding } from "./import-layers.js";
import type { LayerTable } from "./layer-rules.js";

// The rules are tested against a table of their own, so the real one can grow
// (a new app, a new layer) without rewriting these cases.
const table: LayerTable = {
  "apps/api/src": {
    layers: ["main.ts", "commands/", "server/", "services/", "crypto/", "storage/"],
    base: ["logging/"],
    testSupport: "testing/",
  },
};

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

// A git work tree, because the check lists files the way the gate does: tracked
// plus untracked-not-ignored.
function check(files: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), "acp-import-layers-"));
  temps.push(root);
  execFileSync("git", ["init", "-q"], { cwd: root, stdio: "pipe" });
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  return checkImportLayers(root, table).map(formatFinding);
}

const api = "apps/api/src";
const leaf = "export const x = 1;\n";

describe("a clean tree", () => {
  test("passes: downward, same-layer, base, test-support, face and package imports", () => {
    const findings = check({
      [`${api}/main.ts`]: `import { x } from "./commands/run-command.js";\nimport { readFileSync } from "node:fs";\n`,
      [`${api}/main.test.ts`]: `import { x } from "./main.js";\nimport { y } from "./testing/fixtures.js";\n`,
      [`${api}/commands/run-command.ts`]: `export { x } from "../server/api-server.js";\n`,
      [`${api}/server/api-server.ts`]: [
        `import { x } from "./routes.js";`,
        `import type { Store } from "../storage/index.js";`,
        `import { log } from "../logging/logger.js";`,
        `export { x };`,
      ].join("\n"),
      [`${api}/server/routes.ts`]: `import { y } from "../services/credentials/index.js";\nexport const x = y;\n`,
      [`${api}/services/request-errors.ts`]: leaf,
      [`${api}/services/credentials/index.ts`]: `export { y } from "./credential-service.js";\n`,
      [`${api}/services/credentials/credential-service.ts`]: [
        `import { x } from "./page-token.js";`,
        `import { x as e } from "../request-errors.js";`,
        `import { secretBox } from "../../crypto/index.js";`,
        `export const y = x + e;`,
      ].join("\n"),
      [`${api}/services/credentials/page-token.ts`]: leaf,
      [`${api}/crypto/index.ts`]: `export const secretBox = await import("../storage/index.js");\n`,
      [`${api}/storage/index.ts`]: `export type { Store } from "./store.js";\n`,
      [`${api}/storage/store.ts`]: `import { log } from "../logging/logger.js";\nexport interface Store {}\n`,
      [`${api}/storage/store.test.ts`]: `import { testStore } from "../testing/test-store.js";\n`,
      [`${api}/logging/logger.ts`]: `import { format } from "./format.js";\nexport const log = format;\n`,
      [`${api}/logging/format.ts`]: leaf,
      [`${api}/testing/test-store.ts`]: `import { x } from "../server/api-server.js";\nimport { y } from "./fixtures.js";\n`,
      [`${api}/testing/fixtures.ts`]: leaf,
      "libs/thing/src/index.ts": `export { x } from "./inner.js";\n`,
      "libs/thing/src/inner.ts": leaf,
      "libs/thing/test/thing.test.ts": `import { x } from "../src/index.js";\nimport { p } from "@acp/proto";\n`,
      "apps/api/bin/acp-api.mjs": `import "../src/main.js";\n`,
    });
    expect(findings).toEqual([]);
  });
});

describe("layers", () => {
  test("an upward import fails, at its line", () => {
    const findings = check({
      [`${api}/server/api-server.ts`]: leaf,
      [`${api}/storage/store.ts`]: `// why\nimport { x } from "../server/api-server.js";\n`,
    });
    expect(findings).toEqual([
      `${api}/storage/store.ts:2: storage/ imports server/ (a higher layer); lower layers may not import higher ones`,
    ]);
  });

  test("type-only and re-exporting upward imports fail as much as value imports", () => {
    const findings = check({
      [`${api}/server/principal.ts`]: "export interface Principal {}\n",
      [`${api}/services/a.ts`]: `import type { Principal } from "../server/principal.js";\n`,
      [`${api}/services/b.ts`]: `export type { Principal } from "../server/principal.js";\n`,
      [`${api}/services/c.ts`]: `export * from "../server/principal.js";\n`,
      [`${api}/services/d.ts`]: `export type P = import("../server/principal.js").Principal;\n`,
      [`${api}/services/e.ts`]: `export const p = () => import("../server/principal.js");\n`,
    });
    const upward = "services/ imports server/ (a higher layer); lower layers may not import higher ones";
    expect(findings).toEqual(["a", "b", "c", "d", "e"].map((f) => `${api}/services/${f}.ts:1: ${upward}`));
  });

  test("importing main.ts from a layer below fails", () => {
    const findings = check({
      [`${api}/main.ts`]: leaf,
      [`${api}/commands/run.ts`]: `import { x } from "../main.js";\n`,
    });
    expect(findings).toEqual([
      `${api}/commands/run.ts:1: commands/ imports main.ts (a higher layer); lower layers may not import higher ones`,
    ]);
  });

  test("the base layer may import none of the app", () => {
    const findings = check({
      [`${api}/storage/store.ts`]: leaf,
      [`${api}/logging/logger.ts`]: `import { x } from "../storage/store.js";\n`,
    });
    expect(findings).toEqual([
      `${api}/logging/logger.ts:1: logging/ imports storage/; logging/ is a base layer and may import none of the rest of the app`,
    ]);
  });

  test("a non-test file importing test support fails; a test file may", () => {
    const findings = check({
      [`${api}/testing/test-store.ts`]: leaf,
      [`${api}/storage/store.ts`]: `import { x } from "../testing/test-store.js";\n`,
      [`${api}/storage/store.test.ts`]: `import { x } from "../testing/test-store.js";\n`,
      [`${api}/logging/logger.test.ts`]: `import { x } from "../testing/test-store.js";\n`,
    });
    expect(findings).toEqual([
      `${api}/storage/store.ts:1: storage/ imports testing/ (test support); only *.test.ts files and testing/ itself may import it`,
    ]);
  });

  test("a file outside every layer fails, whether in a new folder or loose in src", () => {
    const findings = check({
      [`${api}/main.ts`]: `import { x } from "./admin/keys.js";\n`,
      [`${api}/admin/keys.ts`]: leaf,
      [`${api}/helpers.ts`]: leaf,
    });
    const fix = "add it to a layer folder or to the table in tools/checks/layer-rules.ts";
    expect(findings).toEqual([
      `${api}/admin/keys.ts:1: admin/ is not in a layer; ${fix}`,
      `${api}/helpers.ts:1: helpers.ts is not in a layer; ${fix}`,
    ]);
  });

  test("an app with a src folder but no entry in the table fails, once", () => {
    const findings = check({
      "apps/cli/src/main.ts": `import { x } from "./commands/login.js";\n`,
      "apps/cli/src/commands/login.ts": leaf,
      "apps/cli/README.md": "not built yet\n",
      "apps/runner/README.md": "not built yet\n",
    });
    expect(findings).toEqual([
      "apps/cli/src/commands/login.ts:1: apps/cli/src is not in the layer table; add its layers to tools/checks/layer-rules.ts",
    ]);
  });
});

describe("faces", () => {
  test("reaching past a folder's index.ts from outside fails, naming the folder", () => {
    const findings = check({
      [`${api}/services/credentials/index.ts`]: `export * from "./credential-service.js";\n`,
      [`${api}/services/credentials/credential-service.ts`]: leaf,
      [`${api}/services/users/user-service.ts`]: `import { x } from "../credentials/credential-service.js";\n`,
    });
    expect(findings).toEqual([
      `${api}/services/users/user-service.ts:1: imports ${api}/services/credentials/credential-service.ts past its folder's face; import ${api}/services/credentials through its index.ts`,
    ]);
  });

  test("a library's src is a face too, and the outermost face bypassed is the one named", () => {
    const findings = check({
      "libs/thing/src/index.ts": `export * from "./parts/index.js";\n`,
      "libs/thing/src/parts/index.ts": `export * from "./model.js";\n`,
      "libs/thing/src/parts/model.ts": leaf,
      "libs/thing/src/user.ts": `import { x } from "./parts/model.js";\n`,
      "libs/thing/test/helper.ts": `import { x } from "../src/parts/index.js";\n`,
    });
    expect(findings).toEqual([
      "libs/thing/src/user.ts:1: imports libs/thing/src/parts/model.ts past its folder's face; import libs/thing/src/parts through its index.ts",
      "libs/thing/test/helper.ts:1: imports libs/thing/src/parts/index.ts past its folder's face; import libs/thing/src through its index.ts",
    ]);
  });

  test("siblings inside a faced folder, and its files reaching up to the parent, pass", () => {
    const findings = check({
      [`${api}/services/request-errors.ts`]: leaf,
      [`${api}/services/credentials/index.ts`]: `export * from "./credential-service.js";\n`,
      [`${api}/services/credentials/credential-service.ts`]: `export { x } from "./page-token.js";\n`,
      [`${api}/services/credentials/page-token.ts`]: `export { x } from "../request-errors.js";\n`,
      [`${api}/services/credentials/page-token.test.ts`]: `import { x } from "./page-token.js";\n`,
    });
    expect(findings).toEqual([]);
  });
});

describe("resolution", () => {
  test("a specifier NodeNext would not load is reported, not skipped", () => {
    const findings = check({
      [`${api}/storage/index.ts`]: leaf,
      [`${api}/storage/store.ts`]: leaf,
      [`${api}/server/a.ts`]: `import { x } from "../storage/store";\nimport { y } from "../storage";\n`,
    });
    const why = "resolves to no file; NodeNext needs the .js extension, and a folder needs /index.js";
    expect(findings).toEqual([
      `${api}/server/a.ts:1: "../storage/store" ${why}`,
      `${api}/server/a.ts:2: "../storage" ${why}`,
    ]);
  });

  test("./x.js means ./x.ts, and a real .js or .mjs file resolves to itself", () => {
    const files = new Set(["a/x.ts", "a/y.js", "a/z.mjs", "a/d.json"]);
    expect(resolveRelative("a/b/i.ts", "../x.js", files)).toBe("a/x.ts");
    expect(resolveRelative("a/i.ts", "./y.js", files)).toBe("a/y.js");
    expect(resolveRelative("a/i.ts", "./z.mjs", files)).toBe("a/z.mjs");
    expect(resolveRelative("a/i.ts", "./d.json", files)).toBe("a/d.json");
    expect(resolveRelative("a/i.ts", "./x", files)).toBeUndefined();
    expect(resolveRelative("a/i.ts", "../../outside.js", files)).toBeUndefined();
  });

  test("imports in comments and strings are not imports", () => {
    const src = [
      `// import { x } from "../server/a.js";`,
      `const sample = 'import { y } from "../server/b.js"';`,
      `const name = "../server/c.js";`,
      "await import(name);",
      `import("../server/d.js");`,
    ].join("\n");
    expect(findImports("a.ts", src)).toEqual([{ specifier: "../server/d.js", line: 5 }]);
  });
});
