import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import type { Metafile } from "esbuild";
import { bundleInputs } from "./bundle-inputs.js";
import type { BundleEntry } from "./bundles.js";
import { bundleFileOf, esbuildOptions, isCommonJs } from "./esbuild-options.js";
import { hashContent, type Stamp, stampFiles } from "./input-stamp.js";
import { snapshotBlobPathOf, snapshotLauncher, snapshotLauncherPathOf, writeSnapshot } from "./snapshot-launcher.js";

/** Where the stamp of a bundle lives: beside it, so removing dist/ forgets it too. */
export function stampPathOf(entry: BundleEntry): string {
  return `${entry.outfile}.stamp.json`;
}

/** Every file a build of entry writes, the stamp last. */
function outputPathsOf(entry: BundleEntry): string[] {
  const bundle = bundleFileOf(entry);
  const extra = isCommonJs(entry) ? [entry.outfile, codeCachePathOf(entry)] : [];
  const snapshot = entry.loading === "snapshot" ? [snapshotLauncherPathOf(entry), snapshotBlobPathOf(entry)] : [];
  return [bundle, `${bundle}.map`, ...extra, ...snapshot, stampPathOf(entry)];
}

function codeCachePathOf(entry: BundleEntry): string {
  return `${bundleFileOf(entry)}.v8cache`;
}

const loaderTemplate = join(import.meta.dirname, "code-cache-loader.mjs");
const cacheWriter = join(dirname(loaderTemplate), "write-code-cache.mjs");
// Must match code-cache-loader.mjs's bundleKeyPrefix.
const bundleKeyPrefix = "\n//# acpBundleKey=";

/**
 * Bundles one entry and stamps it. Each file is written under a temporary
 * name and renamed into place, the bundle after its map and the stamp last:
 * several test runs share this tree, and a bin started by one of them must
 * never load a half-written bundle, nor a stamp vouch for one.
 *
 * A failed build removes the previous bundle, so bins say it is missing
 * instead of quietly running code older than the sources.
 */
export async function buildBundle(root: string, entry: BundleEntry, configFiles: readonly string[]): Promise<Stamp> {
  try {
    // Loaded only to build: a fresh check (npm start, every vitest run) need not pay for it.
    const { build, formatMessages } = await import("esbuild");
    const barrelsRead = new Set<string>();
    const options = esbuildOptions(entry, barrelsRead);
    const result = await build({ ...options, absWorkingDir: root, write: false, metafile: true });
    if (result.warnings.length > 0) {
      const text = await formatMessages(result.warnings, { kind: "warning" });
      process.stderr.write(`${entry.name}: ${result.warnings.length} build warning(s):\n${text.join("")}`);
    }
    const bundleFile = bundleFileOf(entry);
    if (isCommonJs(entry)) refuseExternalDynamicImports(entry, result.metafile);
    // Hashed after esbuild read them: an edit during the build (a fraction of
    // a second) can slip through until the next change of that file.
    // Barrels whose imports the bundle split: read, though not bundled.
    const barrels = [...barrelsRead].map((path) => relative(root, path).split(sep).join("/"));
    const inputs = stampFiles(root, bundleInputs(root, result.metafile, [...configFiles, ...barrels]));
    const outputs = result.outputFiles
      .map((file) => {
        const path = relative(root, file.path).split(sep).join("/");
        const contents = path === bundleFile && isCommonJs(entry) ? keyed(file.text) : file.contents;
        return { path, contents };
      })
      .sort((a, b) => Number(a.path === bundleFile) - Number(b.path === bundleFile));
    for (const output of outputs) writeAtomically(join(root, output.path), output.contents);
    if (isCommonJs(entry)) {
      writeCodeCache(join(root, bundleFile), join(root, codeCachePathOf(entry)));
      const loader = `${readFileSync(loaderTemplate, "utf8")}\nexport const { main } = loadBundle(new URL(${JSON.stringify(`./${basename(bundleFile)}`)}, import.meta.url));\n`;
      writeAtomically(join(root, entry.outfile), loader);
      outputs.push(
        { path: codeCachePathOf(entry), contents: readFileSync(join(root, codeCachePathOf(entry))) },
        { path: entry.outfile, contents: Buffer.from(loader) },
      );
    }
    if (entry.loading === "snapshot") {
      // The blob before its launcher: a bin sources the launcher only when the blob is there too.
      writeSnapshot(join(root, bundleFile), join(root, snapshotBlobPathOf(entry)));
      const launcher = snapshotLauncher(entry);
      writeAtomically(join(root, snapshotLauncherPathOf(entry)), launcher);
      outputs.push(
        { path: snapshotBlobPathOf(entry), contents: readFileSync(join(root, snapshotBlobPathOf(entry))) },
        { path: snapshotLauncherPathOf(entry), contents: Buffer.from(launcher) },
      );
    }
    const stamp: Stamp = {
      ...inputs,
      files: { ...inputs.files, ...Object.fromEntries(outputs.map((o) => [o.path, hashContent(o.contents)])) },
    };
    writeAtomically(join(root, stampPathOf(entry)), `${JSON.stringify(stamp, null, 1)}\n`);
    return stamp;
  } catch (error) {
    for (const path of outputPathsOf(entry)) rmSync(join(root, path), { force: true });
    throw error;
  }
}

/** The bundle with its key line: the sha256 of everything before it. */
function keyed(text: string): Uint8Array {
  return Buffer.from(`${text}${bundleKeyPrefix}${hashContent(text)}\n`);
}

/**
 * A script compiled by node:vm has no loader for import(): a dynamic import
 * of a package left outside the bundle would fail at run time, so it fails
 * the build. Dynamic imports of bundled modules are fine (esbuild runs them
 * lazily in place).
 */
function refuseExternalDynamicImports(entry: BundleEntry, metafile: Metafile): void {
  for (const output of Object.values(metafile.outputs)) {
    const external = output.imports.filter((i) => i.external && i.kind === "dynamic-import").map((i) => i.path);
    if (external.length > 0) {
      throw new Error(
        `${entry.name}: a code-cache bundle cannot import() what it leaves outside (${external.join(", ")}); ` +
          "import it statically in a module that is itself imported with import()",
      );
    }
  }
}

/** In a child node without flags: V8 accepts a cache only under the flags it was made with. */
function writeCodeCache(bundle: string, cache: string): void {
  const { NODE_OPTIONS: _options, ...env } = process.env;
  const run = spawnSync(process.execPath, [cacheWriter, bundle, cache], { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`writing the code cache of ${bundle} failed: ${run.stderr || run.error}`);
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
