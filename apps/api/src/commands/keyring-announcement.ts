import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "../logging/logger.js";
import type { ServingKeyring, Store } from "../storage/index.js";

/** How often a serving process refreshes its record. */
export const keyringHeartbeatMillis = 10_000;
/** A record whose heartbeat is older is a process that died without withdrawing it. */
export const keyringLiveMillis = 3 * keyringHeartbeatMillis;

export interface KeyringAnnouncement {
  /** Removes the record; the process no longer serves. */
  stop(): Promise<void>;
}

/**
 * Records in the database which keys this server holds, so `keys reencrypt`,
 * run anywhere against the same database, can tell whether every live server
 * could open what it is about to write.
 */
export async function announceKeyring(
  store: Pick<Store, "servingKeyrings">,
  keyring: Pick<ServingKeyring, "keyIds" | "activeKeyId">,
  logger: Pick<Logger, "warn">,
): Promise<KeyringAnnouncement> {
  const record = {
    instanceId: randomUUID(),
    host: `${hostname()} pid ${process.pid}`,
    keyIds: keyring.keyIds,
    activeKeyId: keyring.activeKeyId,
  };
  await store.servingKeyrings.announce(record);
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = store.servingKeyrings.announce(record).catch((error: unknown) => {
      // A missed beat only makes the record look stale sooner; serving goes on.
      logger.warn("could not refresh this server's keyring record", { error: String(error) });
    });
  }, keyringHeartbeatMillis);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      // Left behind, the record only goes stale: reencrypt then ignores it.
      await store.servingKeyrings.withdraw(record.instanceId).catch((error: unknown) => {
        logger.warn("could not remove this server's keyring record", { error: String(error) });
      });
    },
  };
}
