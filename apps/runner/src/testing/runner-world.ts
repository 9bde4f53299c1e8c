import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startTestApi, type TestApi } from "@acp/api-harness";
import type { ProviderType } from "@acp/proto";
import { createSessionWorld, type SessionWorld, type WorldCredential } from "./session-world.js";

/** A session-world's session, with its runner token in a 0600 file: the runner only ever reads it from one. */
export interface RunnerSession {
  readonly id: string;
  readonly tokenFile: string;
  readonly world: SessionWorld;
  credential(provider: ProviderType): WorldCredential;
  rotate(provider: ProviderType, secret?: string): Promise<string>;
  end(): Promise<void>;
}

/**
 * One real API per test file, and a fresh session-world (user, project,
 * credentials, bindings, session) per test, so tests never see each other's
 * rotations or endings.
 */
export interface RunnerWorld {
  readonly api: TestApi;
  /** Private (0700), for the tests' token files, workdirs and reports. */
  readonly dir: string;
  /** Every secret and token made so far, for the checks that none reached a log or an argv. */
  secrets(): string[];
  session(providers: readonly ProviderType[]): Promise<RunnerSession>;
  stop(): Promise<void>;
}

export async function startRunnerWorld(): Promise<RunnerWorld> {
  const api = await startTestApi();
  const dir = await mkdtemp(join(api.dir, "runner-"));
  const worlds: SessionWorld[] = [];
  let count = 0;
  return {
    api,
    dir,
    secrets: () => [api.adminToken, ...worlds.flatMap((world) => world.secrets)],
    async session(providers) {
      const world = await createSessionWorld(api, { providers });
      worlds.push(world);
      const sessionDir = join(dir, `session-${++count}`);
      await mkdir(sessionDir, { mode: 0o700 });
      const tokenFile = join(sessionDir, "runner.token");
      await writeFile(tokenFile, `${world.runnerToken}\n`, { mode: 0o600 });
      return {
        id: world.sessionId,
        tokenFile,
        world,
        credential: (provider) => world.credential(provider),
        rotate: (provider, secret) => world.rotate(provider, secret),
        end: () => world.endSession(),
      };
    },
    async stop() {
      await api.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
