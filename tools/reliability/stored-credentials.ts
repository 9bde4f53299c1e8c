import { randomBytes } from "node:crypto";
import { type CredentialService, ProviderType } from "@acp/proto";
import type { Client } from "@connectrpc/connect";
import { runBounded } from "../bench/bounded-concurrency.js";

export interface WrittenCredential {
  readonly id: string;
  readonly secret: string;
}

/** A GitHub personal access token's shape: ghp_ and 36 more characters. */
export const freshToken = () => `ghp_${randomBytes(27).toString("base64url")}`;

export async function createCredential(
  client: Client<typeof CredentialService>,
  name: string,
): Promise<WrittenCredential> {
  const secret = freshToken();
  const { credential } = await client.createCredential(
    { name, provider: ProviderType.GITHUB, secret },
    { timeoutMs: 10_000 },
  );
  if (!credential?.id) throw new Error("CreateCredential answered without a credential id");
  return { id: credential.id, secret };
}

/** Every stored credential id, page by page; bounded by `maxPages` so a bug cannot loop forever. */
export async function storedIds(client: Client<typeof CredentialService>, maxPages = 1_000): Promise<Set<string>> {
  const ids = new Set<string>();
  let pageToken = "";
  for (let page = 0; page < maxPages; page++) {
    const answer = await client.listCredentials({ pageSize: 1000, pageToken, allOwners: true });
    for (const credential of answer.credentials) ids.add(credential.id);
    pageToken = answer.nextPageToken;
    if (pageToken === "") return ids;
  }
  throw new Error(`more than ${maxPages} pages of credentials`);
}

/** Reads back each credential's secret; resolves with those that are missing or differ. */
export async function unreadable(
  client: Client<typeof CredentialService>,
  written: readonly WrittenCredential[],
): Promise<WrittenCredential[]> {
  const bad: WrittenCredential[] = [];
  await runBounded(written.length, 8, async (i) => {
    const expected = written[i]!;
    const answer = await client.getCredentialSecret({ id: expected.id }).catch(() => undefined);
    if (answer?.secret !== expected.secret) bad.push(expected);
  });
  return bad;
}
