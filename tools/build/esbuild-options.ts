import type { BuildOptions } from "esbuild";
import { barrelImportsPlugin } from "./barrel-imports.js";
import type { BundleEntry } from "./bundles.js";

// Workspace libraries (TypeScript sources) and pure-JS dependencies are
// bundled: resolving and loading the ~600 files they are made of one by one
// costs more start-up than parsing one file (measured: 0.40 s to listening
// with every npm package external, 0.19 s with them bundled, 0.20 s with only
// pg external). Only what cannot live inside a bundle stays outside.
export const externalPackages: readonly string[] = [
  // A native addon: it finds its compiled .node file relative to its own package.
  "better-sqlite3",
  // pg requires it only when asked for pg.native (or NODE_PG_FORCE_NATIVE), and
  // it is not installed: resolved at run time, as pg itself would.
  "pg-native",
];

// Bundled CommonJS packages (pg and its helpers) call require() for node
// built-ins and externals; an ES module has no require of its own.
const requireShim = [
  'import { createRequire as __acpCreateRequire } from "node:module";',
  "const require = __acpCreateRequire(import.meta.url);",
].join("\n");

/** A code-cache or snapshot bundle: CommonJS, run by a loader rather than imported. */
export function isCommonJs(entry: BundleEntry): boolean {
  return entry.loading === "code-cache" || entry.loading === "snapshot";
}

/** Where esbuild writes the bundle: the outfile itself, or for a CommonJS bundle its .cjs beside it. */
export function bundleFileOf(entry: BundleEntry): string {
  return isCommonJs(entry) ? `${entry.outfile.replace(/\.m?js$/, "")}.cjs` : entry.outfile;
}

/**
 * How one entry of the bundle table becomes one module for node: an ES
 * module, or CommonJS for a code-cache bundle (node:vm compiles scripts, not
 * modules, with a cache; its require is the loader's).
 */
export function esbuildOptions(entry: BundleEntry, barrelsRead: Set<string> = new Set()): BuildOptions {
  const commonJs = isCommonJs(entry);
  return {
    entryPoints: [entry.entry],
    outfile: bundleFileOf(entry),
    bundle: true,
    format: commonJs ? "cjs" : "esm",
    platform: "node",
    target: "node20",
    external: [...externalPackages],
    ...(commonJs ? {} : { banner: { js: requireShim } }),
    ...(entry.inject === undefined ? {} : { inject: [...entry.inject] }),
    ...(entry.splitBarrels === true ? { plugins: [barrelImportsPlugin(barrelsRead)] } : {}),
    // Stack traces name the .ts sources (the bin enables source maps). The
    // sources are on disk beside the map, so it need not carry them.
    sourcemap: "linked",
    sourcesContent: false,
    // Otherwise unminified: with a code cache, minifying measured no faster
    // to start, and a readable bundle is easier to debug where source maps
    // do not reach.
    minify: false,
    // A snapshot's heap holds the bundle's source text, and the blob is read
    // and deserialized on every start: whitespace and syntax minified, a
    // third smaller (acpctl 0.99 to 0.66 MB). Names are kept, for the
    // snapshot builder's init_* lookup and for profiles.
    ...(entry.loading === "snapshot" ? { minifyWhitespace: true, minifySyntax: true } : {}),
    // buildBundle reports: errors travel in the thrown error, so a caller that
    // expects a failure (a test) prints nothing.
    logLevel: "silent",
  };
}
