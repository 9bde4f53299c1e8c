import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "./build-if-stale.js";
import type { BundleEntry } from "./bundles.js";

// A snapshot bundle in a temp directory, started as apps/cli/bin/acpctl
// starts one: sh sources the launcher the build wrote.
const demo: BundleEntry = { name: "demo", entry: "src/main.ts", outfile: "dist/demo.mjs", loading: "snapshot" };

describe("a snapshot bundle", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const build = async () => (await buildIfStale({ root, bundles: [demo], configFiles: ["package-lock.json"] }))[0]!;
  const run = (args: string[], env: Record<string, string> = {}) => {
    const launcher = join(root, "dist/demo.snapshot.sh");
    const script = `dist=${JSON.stringify(join(root, "dist"))}; . ${JSON.stringify(launcher)}; echo "launcher did not exec" >&2; exit 9`;
    const child = spawnSync("/bin/sh", ["-c", script, "sh", ...args], { encoding: "utf8", env: { PATH: "", ...env } });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    return JSON.parse(child.stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "acp-snapshot-"));
    write("package-lock.json", '{"lockfileVersion":3}\n');
    write("package.json", '{"type":"module"}\n');
    write(
      "src/main.ts",
      [
        'import { mode } from "./mode.js";',
        'import { warm, warmedUp } from "./warm.js";',
        'export { snapshotWarmup } from "./warm.js";',
        "export async function main(argv: string[]): Promise<number> {",
        '  const { startedAt, status } = await import("./later.js");',
        '  process.stdout.write(JSON.stringify({ argv, mode, warm, warmedUp: warmedUp(), startedAt, status: status() }) + "\\n");',
        "  return 0;",
        "}",
      ].join("\n"),
    );
    // Read as the module loads: at build time, then again by a run whose environment differs.
    write("src/mode.ts", 'export const mode = process.env["DEMO_MODE"] ?? "unset";\n');
    // warm: true only in a module that ran in the snapshot builder; warmedUp: the builder called snapshotWarmup.
    write(
      "src/warm.ts",
      [
        'import { startupSnapshot } from "node:v8";',
        "export const warm = Boolean(startupSnapshot.isBuildingSnapshot());",
        "let called = false;",
        "export const warmedUp = (): boolean => called;",
        // Async, as acpctl's is: the builder waits for it.
        "export async function snapshotWarmup(): Promise<void> {",
        "  await Promise.resolve();",
        "  called = true;",
        "}",
      ].join("\n"),
    );
    // The clock at load: a module that reads it must run at start-up, not in the build.
    write(
      "src/later.ts",
      [
        'import { STATUS_CODES } from "node:http";',
        "export const startedAt = Date.now();",
        "export const status = (): string | undefined => STATUS_CODES[404];",
      ].join("\n"),
    );
    // Set where the blob is built, not where it runs: the blob must not depend on who built it.
    process.env["DEMO_MODE"] = "builder";
    try {
      expect(await build()).toMatchObject({ built: true });
    } finally {
      delete process.env["DEMO_MODE"];
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("starts from the blob with every argument, node's own options among them", () => {
    const before = Date.now();
    const answer = run(["--help", "-v", "--", "x"]);
    expect(answer).toMatchObject({
      argv: ["--help", "-v", "--", "x"],
      mode: "unset",
      warm: true,
      warmedUp: true,
      status: "Not Found",
    });
    // Ran at start-up, after the build: a warmed module would carry the build's clock.
    expect(answer["startedAt"]).toBeGreaterThanOrEqual(before);
  });

  it("runs the bundle afresh when the environment differs in a variable read at build time", () => {
    expect(run([], { DEMO_MODE: "set" })).toMatchObject({
      mode: "set",
      warm: false,
      warmedUp: false,
      status: "Not Found",
    });
  });

  it("runs the bundle as it is now when it was rebuilt after the snapshot", () => {
    const bundle = join(root, "dist/demo.cjs");
    const text = readFileSync(bundle, "utf8");
    try {
      const changed = text.replace('"unset"', '"rebuilt"');
      const key = changed.slice(changed.lastIndexOf("acpBundleKey=")).replace(/=\w+/, "=0".padEnd(65, "0"));
      writeFileSync(bundle, changed.slice(0, changed.lastIndexOf("acpBundleKey=")) + key);
      expect(run([])).toMatchObject({ mode: "rebuilt" });
    } finally {
      writeFileSync(bundle, text);
    }
  });
});

/** A snapshot bundle of one src/main.ts in a fresh temp directory, and how to build and start it. */
function demoBundle(prefix: string, mainTs: readonly string[]) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const files = {
    "package-lock.json": '{"lockfileVersion":3}\n',
    "package.json": '{"type":"module"}\n',
    "src/main.ts": mainTs.join("\n"),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return {
    build: () => buildIfStale({ root, bundles: [demo], configFiles: ["package-lock.json"] }),
    run: () => {
      const launcher = join(root, "dist/demo.snapshot.sh");
      const script = `dist=${JSON.stringify(join(root, "dist"))}; . ${JSON.stringify(launcher)}; exit 9`;
      return spawnSync("/bin/sh", ["-c", script], { encoding: "utf8", env: { PATH: "" } });
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

describe("a snapshot bundle whose snapshotWarmup reads its command line", () => {
  const bundle = demoBundle("acp-snapshot-argv-", [
    "export async function main(): Promise<number> {",
    "  return 0;",
    "}",
    "export function snapshotWarmup(): void {",
    // The clock is allowed (a warmup makes calls, which stamp times); argv, cwd and stdio are not.
    "  Date.now();",
    "  process.argv.slice(2);",
    "}",
  ]);
  afterAll(bundle.remove);

  it("fails the build: a blob must not carry the builder's argv", async () => {
    await expect(bundle.build()).rejects.toThrow(
      /snapshotWarmup must not touch the process: snapshot: read process.argv/,
    );
  });
});

// As acp-runner's warmup answers grpc-js's http2.connect from memory.
const doubleWarmup = (restore: boolean) => [
  'import * as http from "node:http";',
  "const real = (http as unknown as { default: Record<string, unknown> }).default;",
  'let warmedWith = "";',
  "export async function main(): Promise<number> {",
  '  process.stdout.write(JSON.stringify({ warmedWith, get: typeof real["get"] }) + "\\n");',
  "  return 0;",
  "}",
  "export async function snapshotWarmup(): Promise<void> {",
  '  const saved = Object.getOwnPropertyDescriptor(real, "get")!;',
  '  Object.defineProperty(real, "get", { configurable: true, enumerable: true, writable: true, value: () => "double" });',
  '  warmedWith = (real["get"] as () => string)();',
  restore ? '  Object.defineProperty(real, "get", saved);' : "",
  "}",
];

describe("a snapshot bundle whose snapshotWarmup puts a double over a built-in the snapshot cannot hold", () => {
  const restored = demoBundle("acp-snapshot-double-", doubleWarmup(true));
  const leftOver = demoBundle("acp-snapshot-double-left-", doubleWarmup(false));
  afterAll(() => {
    restored.remove();
    leftOver.remove();
  });

  it("warms with the double, and starts with the real module", async () => {
    expect(await restored.build()).toMatchObject([{ built: true }]);
    const started = restored.run();
    expect(started.stderr).toBe("");
    expect(JSON.parse(started.stdout)).toEqual({ warmedWith: "double", get: "function" });
  });

  it("fails the build when the warmup leaves the double in place", async () => {
    await expect(leftOver.build()).rejects.toThrow(/snapshotWarmup left node:http's get replaced/);
  });
});
