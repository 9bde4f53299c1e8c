// Values that must never reach a problem message: tokens, passwords and
// *-data fields, found by key in YAML or JSON text.
const secretField = /["']?(token|id-token|refresh-token|password|[a-z-]+-data)["']?\s*:\s*["']?([^\s"',}\]]{8,})/g;

export function secretValuesIn(text: string): string[] {
  return [...text.matchAll(secretField)].map((match) => match[2] ?? "").filter((value) => value !== "");
}

/** True when the message shows a secret, or a recognisable 12-character slice of its start. */
export function revealsSecret(message: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => message.includes(secret) || message.includes(secret.slice(0, 12)));
}
