#!/usr/bin/env node
// What bin/acpctl (the bin users run) falls back to when there is no startup
// snapshot or NODE_OPTIONS is set, and what `node bin/acpctl.mjs` runs.
// A plain node entry point into the bundle tools/build makes of src/main.ts:
// no TypeScript loader at start-up. `npm test` rebuilds the bundle when its
// sources change; `npm run build` always does. dist/acpctl.mjs is a small
// loader that compiles dist/acpctl.cjs with the V8 code cache the build wrote
// beside it (tools/build/code-cache-loader.mjs).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/acpctl.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    `acpctl: ${fileURLToPath(bundle)} is missing; build it with \`npm run build\` in the repository root\n`,
  );
  process.exit(1);
}
// No source maps unless asked for (NODE_OPTIONS=--enable-source-maps): node
// reading and indexing the bundle's 0.5 MB map added 8-12 ms to every start
// (the bundle's import timed with and without), and acpctl prints messages,
// never stack traces.
const { main } = await import(bundle.href);
// Exit explicitly: a pooled keep-alive connection must not keep a finished command alive.
// Pipes and files take stdout synchronously on Linux, so nothing written is lost.
process.exit(await main(process.argv.slice(2)));
