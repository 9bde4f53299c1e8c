import { noSummary, type SecretValidation } from "./secret-validation.js";

// Checked in this order, so a tab is reported as whitespace rather than as a
// control character: the name the user would recognise wins.
const characterClasses: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ["a line break", /[\n\r\u0085\u2028\u2029]/u],
  ["whitespace", /\s/u],
  ["a control character", /\p{Cc}/u],
  ["an invisible formatting character", /\p{Cf}/u],
  ["an unpaired surrogate", /\p{Cs}/u],
];

/**
 * A token is stored exactly as given except for one trailing line break,
 * which `echo` and most editors add when the token comes from a file. Any
 * other whitespace is reported rather than trimmed: silently changing a token
 * would turn a paste mistake into a confusing authentication failure later.
 */
export function validateOpaqueToken(secret: string): SecretValidation {
  const token = secret.replace(/\r?\n$/, "");
  const found = new Map<string, { first: number; count: number }>();
  let position = 0;
  for (const character of token) {
    position += 1;
    const match = characterClasses.find(([, pattern]) => pattern.test(character));
    if (match === undefined) continue;
    const entry = found.get(match[0]);
    if (entry === undefined) found.set(match[0], { first: position, count: 1 });
    else entry.count += 1;
  }
  if (found.size === 0) return { ok: true, secret: token, summary: noSummary };
  // Positions and classes only: the characters around them are part of the secret.
  const problems = [...found].map(
    ([name, { first, count }]) =>
      `secret must be a single token without whitespace or control characters, but contains ${name} ` +
      `at character ${first}${count > 1 ? ` (and ${count - 1} more)` : ""}`,
  );
  return { ok: false, problems };
}
