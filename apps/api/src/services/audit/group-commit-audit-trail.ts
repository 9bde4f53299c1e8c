import { AuditAction, ProviderType } from "@acp/proto";
import { Code, ConnectError } from "@connectrpc/connect";
import type { AuditHasher } from "../../crypto/index.js";
import type { Logger } from "../../logging/logger.js";
import type { AuditStore, NewAuditEvent } from "../../storage/index.js";
import type { AuditContext, AuditFacts, AuditTrail } from "./audit-trail.js";

export interface AuditTrailOptions {
  readonly store: AuditStore;
  readonly hasher: AuditHasher;
  /** When a record happened: read as `record` is called, not when its batch commits. */
  readonly now: () => Date;
  readonly logger?: Logger;
  /** Most events one append carries; a single recordAll larger than this still goes whole. */
  readonly maxBatch?: number;
  /** Turns of the event loop a batch may wait for more records while they keep arriving. */
  readonly maxGrowthTurns?: number;
}

/** What every caller of a failed batch gets: no driver text, and a code that says "try again". */
function unwritable(): ConnectError {
  return new ConnectError("the audit trail cannot be written; nothing was returned", Code.Unavailable);
}

/** The events of one record or recordAll call, and the caller waiting on them. */
interface Waiting {
  readonly events: readonly NewAuditEvent[];
  resolve(): void;
  reject(error: ConnectError): void;
}

/**
 * Group commit: one append is in flight at a time, and everything recorded
 * meanwhile waits and goes in the next one, so a burst of reads costs a few
 * durable writes rather than one each. A caller's promise settles only with
 * the append that holds its events; a failed append fails exactly its callers,
 * and the next batch is tried afresh.
 */
export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  const { store, hasher, now, logger } = options;
  const maxBatch = options.maxBatch ?? 256;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError("maxBatch must be a positive integer");
  const maxGrowthTurns = options.maxGrowthTurns ?? 8;
  if (!Number.isSafeInteger(maxGrowthTurns) || maxGrowthTurns < 0)
    throw new RangeError("maxGrowthTurns must be a non-negative integer");
  const queue: Waiting[] = [];
  // Events in the queue, kept as callers come and go rather than counted each turn.
  let queuedEvents = 0;
  // Set from the moment a commit is scheduled until the queue is empty again.
  let busy = false;

  const toEvent = (context: AuditContext, facts: AuditFacts, time: Date): NewAuditEvent => {
    if (facts.action === AuditAction.SECRET_READ && facts.secretValue === undefined && facts.valueHmac === undefined) {
      throw new Error("a secret read is recorded with the value it returned");
    }
    return {
      time,
      action: facts.action,
      rpc: context.rpc,
      principal: context.principal,
      peer: context.peer,
      credentialId: facts.credential?.id ?? "",
      credentialOwnerId: facts.credential?.ownerId ?? "",
      provider: facts.credential?.provider ?? ProviderType.UNSPECIFIED,
      outcome: facts.outcome ?? "ok",
      valueHmac: facts.secretValue === undefined ? (facts.valueHmac ?? "") : hasher.hash(facts.secretValue),
      projectId: facts.projectId ?? "",
      sessionId: facts.sessionId ?? "",
      bindingId: facts.bindingId ?? "",
      userId: facts.userId ?? "",
      apiTokenId: facts.apiTokenId ?? "",
    };
  };

  /** Takes whole callers off the queue up to maxBatch events, at least one caller. */
  const takeBatch = (): Waiting[] => {
    const batch: Waiting[] = [];
    let size = 0;
    while (queue.length > 0) {
      const next = queue[0]!;
      if (batch.length > 0 && size + next.events.length > maxBatch) break;
      batch.push(queue.shift()!);
      size += next.events.length;
    }
    queuedEvents -= size;
    return batch;
  };

  const appendBatch = async (batch: readonly Waiting[]): Promise<void> => {
    const events = batch.flatMap((waiting) => waiting.events);
    try {
      await store.append(events);
    } catch (error) {
      for (const waiting of batch) waiting.reject(unwritable());
      // The error's name only: driver text can quote the rows it failed on.
      logger?.error("audit trail append failed", {
        events: events.length,
        error: error instanceof Error ? error.name : typeof error,
      });
      return;
    }
    for (const waiting of batch) waiting.resolve();
  };

  // One batch per turn of the event loop. SQLite's appends never leave the
  // turn they start in, so draining a backlog in one go (a rotation seen by a
  // thousand streams queues thousands of records) would hold the loop until
  // the last batch and every caller it resumes were done.
  const commit = async (): Promise<void> => {
    try {
      await appendBatch(takeBatch());
    } finally {
      busy = false;
      // Also if something above threw (a logger, say): the trail must not stall with callers waiting.
      if (queue.length > 0) schedule();
    }
  };

  const schedule = (): void => {
    if (busy) return;
    busy = true;
    // On a later turn of the event loop, not at once: calls whose requests
    // arrived together then share the first append too. SQLite's appends
    // finish within one turn, so without this no batch there would ever hold
    // more than one call. And while records keep arriving turn after turn (a
    // rotation's stream re-reads, a few per turn), the batch waits for them,
    // up to maxBatch: on SQLite one append of 256 records costs about half
    // what eight of 32 do, most of it the commit's page writes.
    let seen = queuedEvents;
    let turns = 0;
    const whenSettled = () => {
      if (queuedEvents > seen && queuedEvents < maxBatch && turns < maxGrowthTurns) {
        seen = queuedEvents;
        turns += 1;
        setImmediate(whenSettled);
        return;
      }
      void commit().catch(() => {});
    };
    setImmediate(whenSettled);
  };

  const recordAll = (context: AuditContext, facts: readonly AuditFacts[]): Promise<void> => {
    if (facts.length === 0) return Promise.resolve();
    let events: NewAuditEvent[];
    try {
      const time = now();
      // Hashed here and now: the plaintext is not kept past this call.
      events = facts.map((fact) => toEvent(context, fact, time));
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      queue.push({ events, resolve, reject });
      queuedEvents += events.length;
      schedule();
    });
  };

  return {
    record: (context, facts) => recordAll(context, [facts]),
    recordAll,
    hash: (value) => hasher.hash(value),
  };
}
