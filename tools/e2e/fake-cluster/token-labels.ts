// Which token a request carried, named by a label ("T1", "T2", ...) so a test
// can print or assert the log without a raw token ever reaching its output.

export type TokenUse =
  | { readonly kind: "none" }
  // A token the cluster was told about (at start or through setToken) but
  // that is not the one it expects now: a stale credential.
  | { readonly kind: "known"; readonly label: string }
  // Never told about: a client sending something nobody configured.
  | { readonly kind: "unknown" };

export class TokenLabels {
  readonly #labels = new Map<string, string>();

  /** The label of `token`, giving it the next "T<n>" (or `label`) the first time. */
  label(token: string, label?: string): string {
    const known = this.#labels.get(token);
    if (known !== undefined) return known;
    const name = label ?? `T${this.#labels.size + 1}`;
    this.#labels.set(token, name);
    return name;
  }

  use(authorization: string | undefined): TokenUse {
    const match = /^Bearer (.+)$/.exec(authorization ?? "");
    if (!match) return { kind: "none" };
    const label = this.#labels.get(match[1]!);
    return label === undefined ? { kind: "unknown" } : { kind: "known", label };
  }
}

/** A short name for a token use, for a request log line. */
export function tokenUseName(use: TokenUse): string {
  return use.kind === "known" ? use.label : use.kind;
}
