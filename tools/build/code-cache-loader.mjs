// Loads a "code-cache" bundle (tools/build/bundles.ts): a CommonJS bundle
// compiled through node:vm with the V8 code cache the build wrote beside it.
// Node 20 caches the compiled code of its own modules only (22 adds
// module.enableCompileCache), so without this every acpctl run compiled the
// ~0.8 MB bundle from scratch: 30-40 ms of a command that should take tens.
//
// Plain JavaScript: the build copies this file as the bin's outfile, and
// write-code-cache.mjs compiles through the same function, so the cache is
// made for exactly the script this loader compiles.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

// The build ends each bundle with this line and the sha256 of what precedes
// it; the cache file starts with the same key. V8 checks a cache only against
// the source's length, so a cache written for another bundle of the same
// length (a rebuild racing a run) must never reach it.
export const bundleKeyPrefix = "\n//# acpBundleKey=";

/**
 * Compiles the bundle at bundlePath, with the cache at cachePath when there
 * is one made for this very bundle. A missing, foreign or rejected cache (a
 * different node) only costs the compile.
 */
export function compileBundle(bundlePath, cachePath) {
  const source = readFileSync(bundlePath, "utf8");
  const at = source.lastIndexOf(bundleKeyPrefix);
  const key = at === -1 ? undefined : source.slice(at + bundleKeyPrefix.length).trim();
  let cachedData;
  if (key !== undefined && cachePath !== undefined) {
    try {
      const cache = readFileSync(cachePath);
      const newline = cache.indexOf(10);
      if (newline > 0 && cache.toString("latin1", 0, newline) === key) cachedData = cache.subarray(newline + 1);
    } catch {
      // No cache: compile.
    }
  }
  // CommonJS's own wrapper, on the bundle's first line so its line numbers stay the source map's.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: bundlePath, cachedData });
  return { script, key, cached: cachedData !== undefined && !script.cachedDataRejected };
}

/** Runs the bundle beside this file, as require() would, and returns its exports. */
export function loadBundle(bundleUrl) {
  const bundlePath = fileURLToPath(bundleUrl);
  const { script } = compileBundle(bundlePath, `${bundlePath}.v8cache`);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return module.exports;
}
