// node write-code-cache.mjs BUNDLE CACHE: writes the V8 code cache of BUNDLE,
// key line first (see code-cache-loader.mjs). Run by the build in a child
// node with no flags, because V8 accepts a cache only under the flags it was
// made with.
import { renameSync, writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { compileBundle } from "./code-cache-loader.mjs";

const [bundlePath, cachePath] = process.argv.slice(2);
if (bundlePath === undefined || cachePath === undefined) {
  process.stderr.write("usage: write-code-cache.mjs BUNDLE CACHE\n");
  process.exit(2);
}
// Compiled eagerly, every function: a run then compiles nothing of the
// bundle, whichever command it is. The flag is set back before the cache is
// made, so the cache carries the flags of a plain `node`.
setFlagsFromString("--no-lazy");
const { script, key } = compileBundle(bundlePath, undefined);
setFlagsFromString("--lazy");
if (key === undefined) {
  process.stderr.write(`${bundlePath}: no bundle key line\n`);
  process.exit(1);
}
const temporary = `${cachePath}.${process.pid}.tmp`;
writeFileSync(temporary, Buffer.concat([Buffer.from(`${key}\n`, "latin1"), script.createCachedData()]));
renameSync(temporary, cachePath);
