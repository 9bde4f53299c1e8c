import type { Change, ChangeNotifier } from "./change-notifier.js";
import { StorageError } from "./storage-error.js";

/**
 * In-process fan-out, shared by both notifiers. Each listener runs in its own
 * microtask: never inside the caller that emits (a listener that publishes
 * again cannot recurse into it), and a listener that throws cannot keep the
 * others from running.
 */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private errorCount = 0;

  /** Listeners that threw; the errors themselves are dropped, as they may quote anything. */
  get errors(): number {
    return this.errorCount;
  }

  add(listener: (value: T) => void): () => void {
    // A wrapper per subscription, so subscribing one function twice gives two
    // independent subscriptions instead of one that the first unsubscribe ends.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const entry of this.listeners) {
      queueMicrotask(() => {
        // Checked again at delivery: after unsubscribe returns, nothing more arrives.
        if (!this.listeners.has(entry)) return;
        try {
          entry(value);
        } catch {
          this.errorCount += 1;
        }
      });
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/**
 * The notifier for SQLite, where one process serves the database: every
 * subscriber of this notifier hears every change published through it.
 */
export class LocalChangeNotifier implements ChangeNotifier {
  private readonly changes = new Listeners<Change>();
  private closed = false;

  /** Subscribers that threw while being told of a change. */
  get listenerErrors(): number {
    return this.changes.errors;
  }

  async publish(change: Change): Promise<void> {
    if (this.closed) throw new StorageError("publish change", { detail: "the change notifier is closed" });
    this.changes.emit(change);
  }

  subscribe(listener: (change: Change) => void): () => void {
    return this.changes.add(listener);
  }

  /** Nothing is ever lost in-process, so there is never a resync to announce. */
  onResync(_listener: () => void): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.closed = true;
    this.changes.clear();
  }
}
