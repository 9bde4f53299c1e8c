import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { barrelImportsPlugin, declaredNames, isBarrel } from "./barrel-imports.js";

describe("isBarrel", () => {
  it("takes a module of comments and re-exports only", () => {
    expect(isBarrel('// why\nexport * from "./a.js";\nexport { b, type C } from "./b.js";\n')).toBe(true);
    expect(isBarrel('/* licence */ export type { D } from "./d.js";')).toBe(true);
  });

  it("refuses a module with code of its own, or none at all", () => {
    expect(isBarrel('export * from "./a.js";\nexport const x = 1;\n')).toBe(false);
    expect(isBarrel('import { a } from "./a.js";\nexport { a };\n')).toBe(false);
    expect(isBarrel("// nothing\n")).toBe(false);
  });
});

describe("declaredNames", () => {
  it("tells values from types", () => {
    const names = declaredNames(
      "export const a = 1;\nexport async function b() {}\nexport class C {}\nexport enum E {}\n" +
        "export type T = 1;\nexport interface I {}\n// export const commented = 1;\n",
    );
    expect([...names.values].sort()).toEqual(["C", "E", "a", "b"]);
    expect([...names.types].sort()).toEqual(["I", "T"]);
  });
});

// A bundle whose entry loads a "command" lazily; each module records its
// initialization, so the run shows what importing through a barrel initialized.
describe("the plugin in a bundle", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "acp-barrel-"));
    write("lib/log.ts", "export const inits: string[] = [];\n");
    for (const name of ["a", "b", "c"]) {
      write(
        `lib/${name}.ts`,
        `import { inits } from "./log.js";\ninits.push("${name}");\nexport const ${name}Value = "${name}!";\nexport type ${name.toUpperCase()} = string;\n`,
      );
    }
    write("lib/nested.ts", 'export { cValue as renamed } from "./c.js";\n');
    write(
      "lib/index.ts",
      '// the barrel\nexport * from "./a.js";\nexport * from "./b.js";\nexport * from "./nested.js";\n',
    );
    write(
      "command.ts",
      'import { aValue, type A, renamed as r } from "./lib/index.js";\nexport const run = (): A => aValue + r;\n',
    );
    write(
      "main.ts",
      'import { inits } from "./lib/log.js";\nexport async function main() {\n  const { run } = await import("./command.js");\n  return { out: run(), inits };\n}\n',
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const bundleAndRun = async (plugins: boolean) => {
    const barrelsRead = new Set<string>();
    const result = await build({
      entryPoints: [join(root, "main.ts")],
      bundle: true,
      format: "cjs",
      platform: "node",
      write: false,
      absWorkingDir: root,
      logLevel: "silent",
      plugins: plugins ? [barrelImportsPlugin(barrelsRead)] : [],
    });
    const module = { exports: {} as { main(): Promise<{ out: string; inits: string[] }> } };
    new Function("module", "exports", "require", result.outputFiles[0]!.text)(module, module.exports, require);
    return { ...(await module.exports.main()), barrelsRead: [...barrelsRead].map((p) => p.slice(root.length + 1)) };
  };

  it("initializes only the modules that declare what was imported, following re-exports and renames", async () => {
    const run = await bundleAndRun(true);
    expect(run.out).toBe("a!c!");
    expect(run.inits.sort()).toEqual(["a", "c"]);
    expect(run.barrelsRead).toEqual(expect.arrayContaining(["lib/index.ts"]));
  });

  it("is what makes the difference: without it the barrel initializes everything", async () => {
    const run = await bundleAndRun(false);
    expect(run.out).toBe("a!c!");
    expect(run.inits.sort()).toEqual(["a", "b", "c"]);
  });

  it("leaves an import it cannot place as it was: correct, only not lazy", async () => {
    write(
      "lib/index.ts",
      'export * from "./a.js";\nexport * from "./b.js";\nexport * from "./nested.js";\nexport const x = 1;\n',
    );
    const run = await bundleAndRun(true);
    expect(run.out).toBe("a!c!");
    expect(run.inits.sort()).toEqual(["a", "b", "c"]);
  });
});
