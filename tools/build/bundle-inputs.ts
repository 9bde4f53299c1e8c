import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import type { Metafile } from "esbuild";

// Files that shape every bundle without being in it: the exact dependency
// versions, the TypeScript settings every tsconfig extends, and the build's
// own configuration.
export const buildConfigFiles: readonly string[] = [
  "package-lock.json",
  "tsconfig.base.json",
  "tools/build/bundles.ts",
  "tools/build/esbuild-options.ts",
  "tools/build/barrel-imports.ts",
  "tools/build/code-cache-loader.mjs",
  "tools/build/write-code-cache.mjs",
  "tools/build/write-snapshot.mjs",
  "tools/build/snapshot-launcher.ts",
];

/**
 * Everything a bundle was built from, repository-relative: each source file
 * esbuild read, the package.json and tsconfig.json esbuild consulted for the
 * workspace ones (module type, exports, TypeScript settings), and the config
 * files. Those of dependencies in node_modules are covered by the lockfile.
 */
export function bundleInputs(root: string, metafile: Metafile, configFiles: readonly string[]): string[] {
  // Namespaced entries such as "(disabled):…" are not files.
  const sources = Object.keys(metafile.inputs).filter((path) => !path.includes(":"));
  const manifests = new Set<string>();
  const seenDirs = new Set<string>();
  for (const source of sources) {
    if (source.startsWith("node_modules/") || source.startsWith("../")) continue;
    const dir = posix.dirname(source);
    if (seenDirs.has(dir)) continue;
    seenDirs.add(dir);
    for (const name of ["package.json", "tsconfig.json"]) {
      const found = nearest(root, dir, name);
      if (found !== undefined) manifests.add(found);
    }
  }
  return [...new Set([...sources, ...manifests, ...configFiles])].sort();
}

// The closest `name` at or above dir, stopping at the repository root.
function nearest(root: string, dir: string, name: string): string | undefined {
  for (let at = dir; ; at = posix.dirname(at)) {
    const candidate = posix.join(at, name);
    if (existsSync(join(root, candidate))) return candidate;
    if (at === ".") return undefined;
  }
}
