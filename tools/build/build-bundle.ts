import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { bundleInputs } from "./bundle-inputs.js";
import type { BundleEntry } from "./bundles.js";
import { esbuildOptions } from "./esbuild-options.js";
import { hashContent, type Stamp, stampFiles } from "./input-stamp.js";

/** Where the stamp of a bundle lives: beside it, so removing dist/ forgets it too. */
export function stampPathOf(entry: BundleEntry): string {
  return `${entry.outfile}.stamp.json`;
}

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
    const result = await build({ ...esbuildOptions(entry), absWorkingDir: root, write: false, metafile: true });
    if (result.warnings.length > 0) {
      const text = await formatMessages(result.warnings, { kind: "warning" });
      process.stderr.write(`${entry.name}: ${result.warnings.length} build warning(s):\n${text.join("")}`);
    }
    // Hashed after esbuild read them: an edit during the build (a fraction of
    // a second) can slip through until the next change of that file.
    const inputs = stampFiles(root, bundleInputs(root, result.metafile, configFiles));
    const outputs = result.outputFiles
      .map((file) => ({ path: relative(root, file.path).split(sep).join("/"), contents: file.contents }))
      .sort((a, b) => Number(a.path === entry.outfile) - Number(b.path === entry.outfile));
    const stamp: Stamp = {
      ...inputs,
      files: { ...inputs.files, ...Object.fromEntries(outputs.map((o) => [o.path, hashContent(o.contents)])) },
    };
    for (const output of outputs) writeAtomically(join(root, output.path), output.contents);
    writeAtomically(join(root, stampPathOf(entry)), `${JSON.stringify(stamp, null, 1)}\n`);
    return stamp;
  } catch (error) {
    for (const path of [stampPathOf(entry), entry.outfile, `${entry.outfile}.map`])
      rmSync(join(root, path), { force: true });
    throw error;
  }
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
