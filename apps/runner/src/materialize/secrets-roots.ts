import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";

/** Names the random directories under the temp dir, so a sweep finds them and nothing else. */
export const tempDirPrefix = "acp-runner-";

/** `$XDG_RUNTIME_DIR/acp`, the parent of per-session directories, when that variable names a usable place. */
export function runtimeRoot(env: NodeJS.ProcessEnv): string | undefined {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime !== undefined && isAbsolute(runtime) ? join(runtime, "acp") : undefined;
}

/** The temp dir the runner's random directories go in; from `env` so tests can point it elsewhere. */
export function tempRoot(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.TMPDIR;
  return fromEnv !== undefined && isAbsolute(fromEnv) ? fromEnv : tmpdir();
}
