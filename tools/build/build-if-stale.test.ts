import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildIfStale } from "./build-if-stale.js";
import type { BundleEntry } from "./bundles.js";

// A two-file app in a temp directory stands in for the repository: the real
// build and stamp logic runs on it, in tens of milliseconds.
const demo: BundleEntry = { name: "demo", entry: "src/main.ts", outfile: "dist/demo.mjs" };

describe("buildIfStale", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const build = async (force = false) => {
    const [outcome] = await buildIfStale({ root, bundles: [demo], configFiles: ["package-lock.json"], force });
    return outcome!;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "acp-build-"));
    write("package-lock.json", '{"lockfileVersion":3}\n');
    write("package.json", '{"type":"module"}\n');
    write("src/main.ts", 'import { greeting } from "./greeting.js";\nexport const main = (): string => greeting;\n');
    write("src/greeting.ts", 'export const greeting: string = "hello";\n');
    write("src/unused.ts", "export const unused = 1;\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("builds once, then skips while nothing changed", async () => {
    const first = await build();
    expect(first).toMatchObject({ built: true, reason: "never built" });
    const { main } = await import(`${pathToFileURL(join(root, demo.outfile)).href}?first`);
    expect(main()).toBe("hello");
    expect(existsSync(join(root, `${demo.outfile}.map`))).toBe(true);

    expect(await build()).toMatchObject({ built: false, reason: undefined });
    // A file the bundle does not include is no input.
    write("src/unused.ts", "export const unused = 2;\n");
    expect((await build()).built).toBe(false);
  });

  it("decides by content: a new mtime alone does not rebuild", async () => {
    await build();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "src/greeting.ts"), later, later);
    expect((await build()).built).toBe(false);
  });

  it.each([
    ["an imported source", "src/greeting.ts", 'export const greeting: string = "hi";\n'],
    ["the lockfile", "package-lock.json", '{"lockfileVersion":3,"packages":{}}\n'],
    // esbuild reads the nearest package.json of a source (module type, exports).
    ["the sources' package.json", "package.json", '{"type":"module","sideEffects":false}\n'],
    ["the bundle itself", demo.outfile, "// edited by hand\n"],
  ])("rebuilds when %s changes", async (_what, path, text) => {
    await build();
    write(path, text);
    expect(await build()).toMatchObject({ built: true, reason: `${path} changed` });
    expect((await build()).built).toBe(false);
  });

  it("rebuilds when an output is gone, and when forced", async () => {
    await build();
    rmSync(join(root, `${demo.outfile}.map`));
    expect(await build()).toMatchObject({ built: true, reason: `${demo.outfile}.map is gone` });
    expect(await build(true)).toMatchObject({ built: true, reason: "forced" });
  });

  it("removes the old bundle when a build fails, so no bin runs code older than its sources", async () => {
    await build();
    write("src/greeting.ts", 'export const greeting: string = "unterminated;\n');
    await expect(build()).rejects.toThrow(/Build failed/);
    expect(existsSync(join(root, demo.outfile))).toBe(false);
    expect(existsSync(join(root, `${demo.outfile}.stamp.json`))).toBe(false);
  });
});
