import type { ServingKeyring, Store } from "../storage/index.js";
import type { CommandIo } from "./command.js";
import { keyringLiveMillis } from "./keyring-announcement.js";

const rotationOrder =
  "Rotate in this order: (1) give every server a keyring holding the new key as active, and restart it; " +
  "(2) run `acp-api keys reencrypt`; (3) only then remove the old key from the keyring and restart again.";

function describe(server: ServingKeyring, now: number): string {
  const seconds = Math.max(0, Math.round((now - server.heartbeatTime.getTime()) / 1000));
  const keys = server.keyIds.map((id) => JSON.stringify(id)).join(", ");
  return `${server.host} (active key ${JSON.stringify(server.activeKeyId)}, keys ${keys}, seen ${seconds} s ago)`;
}

/**
 * Asks the database which servers are live and what keys they hold. A server
 * lacking the new active key would answer DataLoss for every secret moved to
 * it, so that refuses (false); one that has it but seals with another key
 * only keeps the old key needed, so that warns.
 */
export async function checkServingKeyrings(
  store: Pick<Store, "servingKeyrings">,
  activeKeyId: string,
  io: Pick<CommandIo, "stderr">,
  now: number = Date.now(),
): Promise<boolean> {
  const servers = await store.servingKeyrings.listSince(new Date(now - keyringLiveMillis));
  const lacking = servers.filter((s) => !s.keyIds.includes(activeKeyId));
  const sealingElsewhere = servers.filter((s) => s.keyIds.includes(activeKeyId) && s.activeKeyId !== activeKeyId);
  if (lacking.length > 0) {
    io.stderr.write(
      `${lacking.length} serving process${lacking.length === 1 ? "" : "es"} cannot open secrets sealed with key ` +
        `${JSON.stringify(activeKeyId)}, and would fail every read of a secret moved to it:\n` +
        lacking.map((s) => `  ${describe(s, now)}\n`).join("") +
        `${rotationOrder}\n`,
    );
  }
  if (sealingElsewhere.length > 0) {
    io.stderr.write(
      `warning: these servers still seal new secrets with another key, which therefore cannot be retired yet:\n` +
        sealingElsewhere.map((s) => `  ${describe(s, now)}\n`).join("") +
        `${rotationOrder}\n`,
    );
  }
  return lacking.length === 0;
}
