#!/usr/bin/env node
// A plain node entry point into the bundle tools/build makes of src/main.ts:
// no TypeScript loader at start-up, which matters twice here: `run` is on the
// path to an agent's first turn, and git starts `git-credential` once per
// request. `npm test` rebuilds the bundle when its sources change; `npm run
// build` always does.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/acp-runner.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    `acp-runner: ${fileURLToPath(bundle)} is missing; build it with \`npm run build\` in the repository root\n`,
  );
  process.exit(1);
}
// No source maps unless asked for (NODE_OPTIONS=--enable-source-maps): the
// runner logs messages, never stack traces, and reading the map costs start-up.
const { main } = await import(bundle.href);
// Exit explicitly: the gRPC channel must not keep a finished runner alive.
process.exit(await main(process.argv.slice(2)));
