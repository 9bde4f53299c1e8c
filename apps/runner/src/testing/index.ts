// Fixtures for the runner's tests; only *.test.ts files may import this folder.
export {
  createSessionWorld,
  credentialInput,
  nonClashingProviders,
  type SessionWorld,
  type SessionWorldOptions,
  type WorldCredential as SessionWorldCredential,
  type WorldSession as SessionWorldSession,
} from "./session-world.js";
