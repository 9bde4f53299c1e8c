import { spawnSync } from "node:child_process";
import { basename, join } from "node:path";
import type { BundleEntry } from "./bundles.js";
import { bundleFileOf } from "./esbuild-options.js";

const snapshotWriter = join(import.meta.dirname, "write-snapshot.mjs");

/** The V8 startup snapshot of a "snapshot" bundle, beside it. */
export function snapshotBlobPathOf(entry: BundleEntry): string {
  return `${bundleFileOf(entry).replace(/\.cjs$/, "")}.blob`;
}

/** The shell line a bin sources to start from the snapshot (see apps/cli/bin/acpctl). */
export function snapshotLauncherPathOf(entry: BundleEntry): string {
  return `${bundleFileOf(entry).replace(/\.cjs$/, "")}.snapshot.sh`;
}

/**
 * Writes the snapshot of the bundle at bundlePath to blobPath, in a child
 * node without NODE_OPTIONS: a blob starts only under the V8 flags it was
 * built with, and the bins start it with none.
 */
export function writeSnapshot(bundlePath: string, blobPath: string): void {
  const { NODE_OPTIONS: _options, ...env } = process.env;
  const run = spawnSync(process.execPath, [snapshotWriter, bundlePath, blobPath], { env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`writing the snapshot of ${bundlePath} failed: ${run.stderr || run.error}`);
}

/**
 * The launcher: exec this very node (a blob made by another node version
 * fails to start, it does not fall back) on the blob, when both are there
 * and the node is not newer than the blob (upgraded in place since the build).
 * `--` ends node's options, so `acpctl --help` or `-v` reach acpctl. The
 * blob is named relative to $dist, the bin's dist directory, so a moved
 * checkout still finds it.
 */
export function snapshotLauncher(entry: BundleEntry, node: string = process.execPath): string {
  const blob = `"$dist"/${quote(basename(snapshotBlobPathOf(entry)))}`;
  return [
    `# Written by tools/build for ${entry.name}: the node that built ${basename(snapshotBlobPathOf(entry))}, the only one that can start it.`,
    `if [ -x ${quote(node)} ] && [ -f ${blob} ] && ! [ ${quote(node)} -nt ${blob} ]; then exec ${quote(node)} --snapshot-blob ${blob} -- "$@"; fi`,
    "",
  ].join("\n");
}

/** One shell word, whatever the path holds. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
