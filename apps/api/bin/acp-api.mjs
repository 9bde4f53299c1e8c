#!/usr/bin/env node
// A plain node entry point into the bundle tools/build makes of src/main.ts:
// no TypeScript loader at start-up, and signals reach this process itself.
// `npm start` and `npm test` rebuild the bundle when its sources change.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/acp-api.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    `acp-api: ${fileURLToPath(bundle)} is missing; build it with \`npm run build\` in the repository root\n`,
  );
  process.exit(1);
}
// Only files loaded after this map their stack traces, through the bundle's
// source map, to the .ts sources.
process.setSourceMapsEnabled(true);
const { main } = await import(bundle.href);
// Exit explicitly: a pooled database client or an idle keep-alive must not keep a
// finished admin command alive. stdout is synchronous for files and pipes on Linux.
process.exit(await main(process.argv.slice(2)));
