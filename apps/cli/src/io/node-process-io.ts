import type { ProcessIo } from "./process-io.js";
import { terminalPrompter } from "./terminal-prompter.js";

/**
 * The real process: its streams, its environment, and its terminal when
 * stdin is one. Stdin is reached through getters: node builds its stream on
 * first use (1.8-3 ms for /dev/null or a pipe, more for a file), and most
 * commands never read it. Callers keep this object rather than spread it,
 * which would read them.
 */
export function nodeProcessIo(): ProcessIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
    get stdinIsTty() {
      return process.stdin.isTTY === true;
    },
    prompt: terminalPrompter(() => process.stdin, process.stderr),
    env: process.env,
  };
}
