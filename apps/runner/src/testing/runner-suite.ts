import { lstat, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { type RunnerWorld, startRunnerWorld } from "./runner-world.js";
import { leaks } from "./spawned-runner.js";

/** Where one test's runner works: a private runtime root (the default secrets dir goes under it), a workdir, a report path. */
export interface TestPlace {
  readonly base: string;
  readonly runtime: string;
  readonly workdir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly report: string;
}

export interface RunnerSuite {
  /** The suite's world, once beforeAll has run. */
  world(): RunnerWorld;
  place(): Promise<TestPlace>;
}

/**
 * One world for the test file, stopped after it, and at the end the check
 * that no secret reached any argv spawned or any runner's log.
 */
export function useRunnerWorld(): RunnerSuite {
  let world: RunnerWorld | undefined;
  let count = 0;
  beforeAll(async () => {
    world = await startRunnerWorld();
  });
  afterAll(async () => {
    expect(leaks(world!.secrets())).toEqual([]);
    await world!.stop();
  });
  return {
    world: () => world!,
    async place() {
      const base = join(world!.dir, `place-${++count}`);
      const runtime = join(base, "run");
      const workdir = join(base, "work");
      await mkdir(runtime, { recursive: true, mode: 0o700 });
      await mkdir(workdir, { recursive: true });
      const env = { PATH: process.env.PATH ?? "", HOME: base, XDG_RUNTIME_DIR: runtime };
      return { base, runtime, workdir, env, report: join(base, "report.json") };
    },
  };
}

/** Whether nothing is at `path` any more (not even a dangling symlink). */
export function gone(path: string): Promise<boolean> {
  return lstat(path).then(
    () => false,
    () => true,
  );
}
