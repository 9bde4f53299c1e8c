/** How long and how many verified tokens a process keeps; 0 for either keeps none. */
export interface TokenCacheLimits {
  readonly ttlMillis: number;
  readonly capacity: number;
  /** Monotonic milliseconds; tests drive it by hand. */
  readonly clock?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly id: string;
  readonly until: number;
}

/**
 * Verified tokens by hash, least recently used first, each kept at most
 * `ttlMillis`. Only found tokens are kept: an unknown one always goes to the
 * database. Every eviction moves an epoch on, and a lookup that started
 * before one does not store its answer: it may have read the row just before
 * the revoke that the eviction announced.
 */
export class TokenCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** Each entry's key by the id it is evicted by (a token's, a session's). */
  readonly #keyById = new Map<string, string>();
  readonly #clock: () => number;
  #epoch = 0;

  constructor(
    private readonly limits: TokenCacheLimits,
    private readonly idOf: (value: V) => string,
  ) {
    this.#clock = limits.clock ?? (() => performance.now());
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached value, or what `load` finds (kept if nothing was evicted meanwhile). */
  async lookup(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      if (this.#clock() < entry.until) {
        // Refreshed in the order, not in time: a busy token is still read again every ttl.
        this.#entries.delete(key);
        this.#entries.set(key, entry);
        return entry.value;
      }
      this.#remove(key, entry);
    }
    const epoch = this.#epoch;
    const value = await load();
    if (value !== undefined && epoch === this.#epoch) this.#store(key, value);
    return value;
  }

  /** Forgets the entry for this id. */
  evict(id: string): void {
    this.#epoch += 1;
    const key = this.#keyById.get(id);
    const entry = key === undefined ? undefined : this.#entries.get(key);
    if (key !== undefined && entry !== undefined) this.#remove(key, entry);
  }

  /** Forgets every entry whose value matches. */
  evictWhere(matches: (value: V) => boolean): void {
    this.#epoch += 1;
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#remove(key, entry);
  }

  clear(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#keyById.clear();
  }

  #store(key: string, value: V): void {
    const { ttlMillis, capacity } = this.limits;
    if (ttlMillis <= 0 || capacity <= 0) return;
    const previous = this.#entries.get(key);
    if (previous !== undefined) this.#remove(key, previous);
    while (this.#entries.size >= capacity) {
      const [oldestKey, oldest] = this.#entries.entries().next().value!;
      this.#remove(oldestKey, oldest);
    }
    const id = this.idOf(value);
    this.#entries.set(key, { value, id, until: this.#clock() + ttlMillis });
    this.#keyById.set(id, key);
  }

  #remove(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    if (this.#keyById.get(entry.id) === key) this.#keyById.delete(entry.id);
  }
}
