import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIfStale } from "./build-if-stale.js";
import type { BundleEntry } from "./bundles.js";

// A code-cache bundle in a temp directory: CommonJS, its V8 cache, and the
// loader as the outfile. Checked in a child node, as a bin would run it.
const demo: BundleEntry = {
  name: "demo",
  entry: "src/main.ts",
  outfile: "dist/demo.mjs",
  loading: "code-cache",
  inject: ["src/globals.ts"],
};
const loader = join(import.meta.dirname, "code-cache-loader.mjs");

describe("a code-cache bundle", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const build = async () => {
    const [outcome] = await buildIfStale({ root, bundles: [demo], configFiles: ["package-lock.json"] });
    return outcome!;
  };
  /** Runs the outfile's main in a fresh node and says whether the cache was taken. */
  const run = () => {
    const script = [
      `const { main } = await import(${JSON.stringify(join(root, demo.outfile))});`,
      `const { compileBundle } = await import(${JSON.stringify(loader)});`,
      `const { cached } = compileBundle(${JSON.stringify(join(root, "dist/demo.cjs"))}, ${JSON.stringify(join(root, "dist/demo.cjs.v8cache"))});`,
      "console.log(JSON.stringify({ answer: await main(), cached }));",
    ].join("\n");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    return JSON.parse(child.stdout) as { answer: string; cached: boolean };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "acp-code-cache-"));
    write("package-lock.json", '{"lockfileVersion":3}\n');
    write("package.json", '{"type":"module"}\n');
    write("src/globals.ts", "class Marker {}\nexport { Marker as Headers };\n");
    write(
      "src/main.ts",
      'export async function main(): Promise<string> { return (await import("./later.js")).later(); }\n',
    );
    write("src/later.ts", 'export const later = (): string => (new Headers() instanceof Object ? "injected" : "");\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("runs from its loader with the cache the build wrote", async () => {
    expect(await build()).toMatchObject({ built: true });
    expect(existsSync(join(root, "dist/demo.cjs.v8cache"))).toBe(true);
    expect(run()).toEqual({ answer: "injected", cached: true });
    expect(readFileSync(join(root, demo.outfile), "utf8")).toContain('loadBundle(new URL("./demo.cjs"');
  });

  it("ignores a cache made for another bundle of the same length", async () => {
    await build();
    const cache = readFileSync(join(root, "dist/demo.cjs.v8cache"));
    write("src/later.ts", 'export const later = (): string => (new Headers() instanceof Object ? "INJECTED" : "");\n');
    await build();
    writeFileSync(join(root, "dist/demo.cjs.v8cache"), cache);
    expect(run()).toEqual({ answer: "INJECTED", cached: false });
  });

  it("refuses to build an import() of a module left outside the bundle", async () => {
    write("src/later.ts", 'export const later = async (): Promise<string> => (await import("node:os")).platform();\n');
    await expect(build()).rejects.toThrow(/cannot import\(\) what it leaves outside \(node:os\)/);
    expect(existsSync(join(root, demo.outfile))).toBe(false);
  });
});
