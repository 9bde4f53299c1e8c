// `npm run build` rebuilds every bin's bundle; `--if-stale` (npm start) builds
// only those whose inputs changed. Reports go to stderr, so stdout stays the
// bin's own (the first start prints the admin token there).
import { buildIfStale, describeOutcome } from "./build-if-stale.js";

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== "--if-stale");
if (unknown.length > 0) {
  process.stderr.write(`build: unknown argument ${JSON.stringify(unknown[0])}; usage: build-cli.ts [--if-stale]\n`);
  process.exit(2);
}

try {
  for (const outcome of await buildIfStale({ force: !args.includes("--if-stale") })) {
    process.stderr.write(`${describeOutcome(outcome)}\n`);
  }
} catch (error) {
  // esbuild's message names each error's file and line.
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
