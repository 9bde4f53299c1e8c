// The hot spots of a server under the bench's load, from the .cpuprofile
// files `node --cpu-prof` writes at exit. A profile covers the process's
// whole life (start-up, seeding, every scenario), so only the samples taken
// inside given time windows (the timed rounds of one scenario) count. V8
// stamps samples with the monotonic clock in µs, the clock of
// process.hrtime(), which is one clock for every process on the machine.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  /** 0-based, of the function's start. */
  readonly lineNumber: number;
  readonly columnNumber: number;
}

export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A span of the monotonic clock, µs, as process.hrtime.bigint() / 1000n. */
export interface TimeWindow {
  readonly startUs: number;
  readonly endUs: number;
}

export interface SelfTime {
  readonly functionName: string;
  /** Original source and line where a source map says, else the script's. */
  readonly where: string;
  readonly selfMs: number;
  /** Of the busy (non-idle) time in the windows. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly profiles: number;
  /** Sampled time in the windows outside "(idle)". */
  readonly busyMs: number;
  readonly idleMs: number;
  readonly top: readonly SelfTime[];
}

/** Maps a frame to where it was written: "file:line", 1-based. */
export type Locate = (frame: CallFrame) => string;

/** Every .cpuprofile in `dir` (a server and its workers each write one). */
export function readProfiles(dir: string): CpuProfile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile);
}

/**
 * Self time per function (name and where it is), summed over all profiles,
 * for the samples inside the windows; the `count` largest, "(idle)" aside.
 * A sample stands for the time until the next one, as DevTools counts it.
 */
export function summarizeProfiles(
  profiles: readonly CpuProfile[],
  windows: readonly TimeWindow[],
  count: number,
  locate: Locate = scriptLocation,
): ProfileSummary {
  const selfUs = new Map<string, { functionName: string; where: string; us: number }>();
  let busyUs = 0;
  let idleUs = 0;
  const inWindow = (t: number) => windows.some((w) => t >= w.startUs && t < w.endUs);
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const keys = new Map<number, string>();
    let t = profile.startTime;
    const times = profile.timeDeltas.map((d) => {
      t += d;
      return t;
    });
    for (let i = 0; i < profile.samples.length; i++) {
      const at = times[i]!;
      if (!inWindow(at)) continue;
      const us = (times[i + 1] ?? profile.endTime) - at;
      const id = profile.samples[i]!;
      const frame = frames.get(id);
      if (frame === undefined) continue;
      if (frame.functionName === "(idle)") {
        idleUs += us;
        continue;
      }
      busyUs += us;
      let key = keys.get(id);
      const functionName = frame.functionName || "(anonymous)";
      const where = frame.url === "" ? "" : locate(frame);
      if (key === undefined) {
        key = `${functionName}\t${where}`;
        keys.set(id, key);
      }
      const entry = selfUs.get(key) ?? { functionName, where, us: 0 };
      entry.us += us;
      selfUs.set(key, entry);
    }
  }
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({
      functionName: e.functionName,
      where: e.where,
      selfMs: e.us / 1000,
      percent: busyUs === 0 ? 0 : (e.us / busyUs) * 100,
    }));
  return { profiles: profiles.length, busyMs: busyUs / 1000, idleMs: idleUs / 1000, top };
}

/** "url:line" of the script itself. */
export function scriptLocation(frame: CallFrame): string {
  return `${frame.url}:${frame.lineNumber + 1}`;
}

/**
 * Locates frames of bundles through the `.map` beside them (the API runs an
 * esbuild bundle, whose one url would otherwise name all its code), paths
 * relative to `root`; other frames as scriptLocation does, relative too.
 */
export function sourceMapLocator(root: string): Locate {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) maps.set(url, loadMap(url));
    return maps.get(url);
  };
  // A dependency by its package path, wherever node_modules is.
  const shorten = (path: string) => {
    const file = path.startsWith("file:") ? fileURLToPath(path) : path;
    const dependency = file.lastIndexOf("node_modules/");
    if (dependency >= 0) return file.slice(dependency);
    return file.startsWith("/") ? relative(root, file) : file;
  };
  return (frame) => {
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && "originalSource" in entry && entry.originalSource) {
      const source = entry.originalSource.startsWith("file:")
        ? fileURLToPath(entry.originalSource)
        : entry.originalSource;
      return `${shorten(source)}:${entry.originalLine + 1}`;
    }
    return `${shorten(frame.url)}:${frame.lineNumber + 1}`;
  };
}

function loadMap(url: string): SourceMap | undefined {
  if (!url.startsWith("file:")) return undefined;
  const path = `${fileURLToPath(url)}.map`;
  if (!existsSync(path)) return undefined;
  try {
    const payload = JSON.parse(readFileSync(path, "utf8"));
    // Sources in an esbuild map are relative to the map's folder.
    const base = new URL(".", url);
    payload.sources = (payload.sources as string[]).map((s) => new URL(s, base).href);
    return new SourceMap(payload);
  } catch {
    return undefined;
  }
}

/** A summary as printed lines under `title`. */
export function formatProfileSummary(title: string, summary: ProfileSummary): string[] {
  if (summary.profiles === 0) return [`${title}: no .cpuprofile found`];
  const header = `${title}: ${summary.busyMs.toFixed(0)} ms of busy samples in its timed rounds (${summary.profiles} profile(s), ${summary.idleMs.toFixed(0)} ms idle); self time:`;
  return [
    header,
    ...summary.top.map(
      (e) =>
        `  ${e.selfMs.toFixed(0).padStart(6)} ms ${e.percent.toFixed(1).padStart(5)}%  ${e.functionName}${e.where ? `  ${e.where}` : ""}`,
    ),
  ];
}
