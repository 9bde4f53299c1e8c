/** `<secrets-dir>/env`: the session's variables, for processes started later (`. "$dir/env"`). */
export const envFileName = "env";

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a shell (and `export`) takes `name` as a variable name; anything else would be a command. */
export function isEnvName(name: string): boolean {
  return envName.test(name);
}

/** One `export NAME='value'` line a variable, sorted by name. Names must pass isEnvName. */
export function renderEnvFile(env: Readonly<Record<string, string>>): string {
  return Object.keys(env)
    .sort()
    .map((name) => `export ${name}=${shellQuote(env[name]!)}\n`)
    .join("");
}

/** Single quotes keep every byte literal, newlines included; a quote inside is closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
