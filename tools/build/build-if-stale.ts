import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../checks/repo-root.js";
import { buildBundle, stampPathOf } from "./build-bundle.js";
import { buildConfigFiles } from "./bundle-inputs.js";
import { type BundleEntry, bundles } from "./bundles.js";
import { parseStamp, staleReason } from "./input-stamp.js";

export interface BuildRequest {
  readonly root?: string;
  readonly bundles?: readonly BundleEntry[];
  readonly configFiles?: readonly string[];
  /** Build even when the stamp says the bundle is fresh (`npm run build`). */
  readonly force?: boolean;
}

export interface BundleOutcome {
  readonly entry: BundleEntry;
  readonly built: boolean;
  /** Why it was built; undefined when it was fresh. */
  readonly reason: string | undefined;
  /** Reading the stamp and hashing what it lists. */
  readonly checkMs: number;
  readonly buildMs: number | undefined;
  /** How many files the stamp now covers (inputs and outputs). */
  readonly files: number;
}

/** Builds each bundle whose stamp no longer matches the files on disk; the rest are left alone. */
export function buildIfStale(request: BuildRequest = {}): Promise<BundleOutcome[]> {
  const root = request.root ?? repoRoot;
  const configFiles = request.configFiles ?? buildConfigFiles;
  return Promise.all((request.bundles ?? bundles).map((entry) => buildOne(root, entry, configFiles, request.force)));
}

async function buildOne(
  root: string,
  entry: BundleEntry,
  configFiles: readonly string[],
  force = false,
): Promise<BundleOutcome> {
  const checkStart = performance.now();
  const stamp = readStamp(root, entry);
  const reason = force ? "forced" : stamp === undefined ? "never built" : staleReason(root, stamp);
  const checkMs = performance.now() - checkStart;
  if (reason === undefined) {
    return { entry, built: false, reason, checkMs, buildMs: undefined, files: Object.keys(stamp!.files).length };
  }
  const buildStart = performance.now();
  const built = await buildBundle(root, entry, configFiles);
  const buildMs = performance.now() - buildStart;
  return { entry, built: true, reason, checkMs, buildMs, files: Object.keys(built.files).length };
}

function readStamp(root: string, entry: BundleEntry) {
  try {
    return parseStamp(readFileSync(join(root, stampPathOf(entry)), "utf8"));
  } catch {
    return undefined;
  }
}

/** One line per bundle, for the build's callers to print. */
export function describeOutcome(o: BundleOutcome): string {
  const checked = `${o.files} files checked in ${o.checkMs.toFixed(0)} ms`;
  return o.built
    ? `${o.entry.name}: built ${o.entry.outfile} in ${o.buildMs!.toFixed(0)} ms (${o.reason})`
    : `${o.entry.name}: fresh, ${checked}`;
}
