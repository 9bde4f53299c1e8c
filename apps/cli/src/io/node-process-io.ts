import type { ProcessIo } from "./process-io.js";
import { terminalPrompter } from "./terminal-prompter.js";

/** The real process: its streams, its environment, and its terminal when stdin is one. */
export function nodeProcessIo(): ProcessIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTty: process.stdin.isTTY === true,
    prompt: terminalPrompter(process.stdin, process.stderr),
    env: process.env,
  };
}
