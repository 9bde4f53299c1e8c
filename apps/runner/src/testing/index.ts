// Fixtures for the runner's tests; only *.test.ts files may import this folder.
export { type CapturedIo, type CapturedIoOptions, capturedIo, type RunnerResult, runRunner } from "./captured-io.js";
export { type FakeSessionApi, fakeSessionApi } from "./fake-session-api.js";
export { gone, type RunnerSuite, type TestPlace, useRunnerWorld } from "./runner-suite.js";
export { type RunnerSession, type RunnerWorld, startRunnerWorld } from "./runner-world.js";
export { type Observation, type ObservedFile, readReport, sessionCmd, sessionCmdArgs } from "./session-cmd.js";
export {
  createSessionWorld,
  credentialInput,
  nonClashingProviders,
  type SessionWorld,
  type SessionWorldOptions,
  type WorldCredential as SessionWorldCredential,
  type WorldSession as SessionWorldSession,
} from "./session-world.js";
export {
  eventually,
  leaks,
  runnerBin,
  runnerLoader,
  runnerLogs,
  type SpawnedRunner,
  spawnedArgv,
  spawnRunner,
} from "./spawned-runner.js";
