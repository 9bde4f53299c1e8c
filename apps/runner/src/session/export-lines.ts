import { shellQuote } from "../materialize/index.js";

/** `export NAME='value'` lines, sorted by name, for `eval "$(acp-runner prepare)"`. */
export function exportLines(env: Readonly<Record<string, string>>): string {
  return Object.keys(env)
    .sort()
    .map((name) => `export ${name}=${shellQuote(env[name]!)}\n`)
    .join("");
}
