import { UsageError } from "../io/index.js";

/** Commander's collector for a repeatable flag. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** `--label k=v` repeated, as a map; the server checks the keys and values themselves. */
export function parseLabels(values: readonly string[]): Record<string, string> {
  // A Map, then fromEntries: a key such as __proto__ stays an ordinary key.
  const labels = new Map<string, string>();
  for (const value of values) {
    const equals = value.indexOf("=");
    if (equals <= 0) throw new UsageError(`--label: expected KEY=VALUE, got ${JSON.stringify(value)}`);
    const key = value.slice(0, equals);
    if (labels.has(key)) throw new UsageError(`--label: ${key} is given twice`);
    labels.set(key, value.slice(equals + 1));
  }
  return Object.fromEntries(labels);
}
