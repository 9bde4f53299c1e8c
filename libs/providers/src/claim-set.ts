/**
 * Collects items keyed by a name that at most one credential may claim, and
 * reports every name claimed more than once instead of letting the last
 * credential silently win.
 */
export class ClaimSet<T> {
  private readonly claims = new Map<string, { item: T; credentialNames: string[] }>();

  claim(key: string, credentialName: string, item: T): void {
    const existing = this.claims.get(key);
    if (existing === undefined) this.claims.set(key, { item, credentialNames: [credentialName] });
    else existing.credentialNames.push(credentialName);
  }

  /** Items whose key only one credential claimed, sorted by key. */
  items(): T[] {
    return this.sorted()
      .filter(([, claim]) => claim.credentialNames.length === 1)
      .map(([, claim]) => claim.item);
  }

  /** Keys claimed more than once, sorted, each with the sorted claimant names. */
  contested(): Array<{ key: string; credentialNames: string[] }> {
    return this.sorted()
      .filter(([, claim]) => claim.credentialNames.length > 1)
      .map(([key, claim]) => ({ key, credentialNames: [...claim.credentialNames].sort(compareStrings) }));
  }

  private sorted() {
    return [...this.claims].sort(([a], [b]) => compareStrings(a, b));
  }
}

// Code-unit order, not locale order, so plans are identical on every machine.
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
