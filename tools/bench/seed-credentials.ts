import { randomBytes } from "node:crypto";
import { type CredentialService, ProviderType } from "@acp/proto";
import type { Client } from "@connectrpc/connect";
import { runBounded } from "./bounded-concurrency.js";

export interface SeededCredential {
  readonly id: string;
  readonly secret: string;
}

/**
 * Creates `count` GitHub credentials through the running API, as users would,
 * so the bench reads from a table of realistic size rather than from one row,
 * and returns the one created in the middle: neither the first row nor the
 * most recently written one, both of which may sit in a warmer cache.
 */
export async function seedCredentials(
  client: Client<typeof CredentialService>,
  count: number,
  concurrency: number,
): Promise<SeededCredential> {
  const middle = Math.floor(count / 2);
  let chosen: SeededCredential | undefined;
  const width = String(count).length;
  await runBounded(count, concurrency, async (i) => {
    // A classic personal access token is 40 characters: ghp_ and 36 more.
    const secret = `ghp_${randomBytes(27).toString("base64url")}`;
    const created = await client.createCredential({
      name: `bench-${String(i).padStart(width, "0")}`,
      provider: ProviderType.GITHUB,
      secret,
    });
    const id = created.credential?.id;
    if (!id) throw new Error("CreateCredential answered without a credential id");
    if (i === middle) chosen = { id, secret };
  });
  if (!chosen) throw new Error("no credential was created");
  return chosen;
}
