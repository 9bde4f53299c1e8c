import type { RunningCommand } from "./running-command.js";

const forwarded: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Passes SIGINT, SIGTERM and SIGHUP on to CMD instead of letting them end the
 * runner: the runner stays until CMD has exited, so it can wipe the secrets
 * and exit with CMD's code. Returns a function that removes the handlers.
 */
export function forwardSignals(target: RunningCommand, onSignal?: (signal: NodeJS.Signals) => void): () => void {
  const handlers = forwarded.map((signal) => {
    const handler = () => {
      onSignal?.(signal);
      target.signal(signal);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => {
    for (const remove of handlers) remove();
  };
}
