import type { Kysely } from "kysely";
import { tokenKey, type VerifiedApiToken } from "./authentication-cache.js";
import type { ChangeNotifier } from "./change-notifier.js";
import { bytesToColumn } from "./column-codecs.js";
import { compileOnce } from "./compiled-once.js";
import type { Database } from "./database-schema.js";
import { type ApiTokenId, newApiTokenId, type UserId } from "./ids.js";
import { guarded } from "./map-database-error.js";
import type { PreparedStatements } from "./prepared-statements.js";
import type { ApiTokenRecord } from "./records.js";
import { toApiTokenRecord, toUserRecord } from "./row-mapping.js";
import type { ApiTokenStore } from "./store.js";
import type { TokenCache } from "./token-cache.js";

/** The token with this hash, unrevoked, and its user; exported so a test can measure it built per call. */
export function tokenByHash(db: Kysely<Database>, tokenHash: Buffer) {
  return db
    .selectFrom("api_tokens as t")
    .innerJoin("users as u", "u.id", "t.user_id")
    .select([
      "t.id as token_id",
      "t.description",
      "t.create_time as token_create_time",
      "t.revoke_time",
      "u.id as user_id",
      "u.name",
      "u.admin",
      "u.create_time as user_create_time",
    ])
    .where("t.token_hash", "=", tokenHash)
    .where("t.revoke_time", "is", null);
}

/** Where verified tokens are kept, and how every process hears that one was revoked. */
export interface TokenRevocations {
  readonly cache: TokenCache<VerifiedApiToken>;
  readonly changes: ChangeNotifier;
}

type TokenByHashRow = Awaited<ReturnType<ReturnType<typeof tokenByHash>["execute"]>>[number];

export class KyselyApiTokenStore implements ApiTokenStore {
  // Every call made with an API token authenticates: built once.
  readonly #byHash;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
    statements: PreparedStatements,
    private readonly revocations?: TokenRevocations,
  ) {
    this.#byHash = compileOnce<{ tokenHash: Buffer }, TokenByHashRow>(statements, ["tokenHash"], ({ tokenHash }) =>
      tokenByHash(db, tokenHash),
    );
  }

  create(input: { userId: UserId; description: string; tokenHash: Uint8Array }): Promise<ApiTokenRecord> {
    return guarded("tokens.create", async () => {
      const row = await this.db
        .insertInto("api_tokens")
        .values({
          id: newApiTokenId(),
          user_id: input.userId,
          description: input.description,
          token_hash: bytesToColumn(input.tokenHash),
          create_time: this.nowMillis(),
          revoke_time: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApiTokenRecord(row);
    });
  }

  authenticate(tokenHash: Uint8Array): Promise<VerifiedApiToken | undefined> {
    const cache = this.revocations?.cache;
    return cache === undefined ? this.read(tokenHash) : cache.lookup(tokenKey(tokenHash), () => this.read(tokenHash));
  }

  private read(tokenHash: Uint8Array): Promise<VerifiedApiToken | undefined> {
    return guarded("tokens.authenticate", async () => {
      const [row] = await this.#byHash({ tokenHash: bytesToColumn(tokenHash) });
      if (row === undefined) return undefined;
      return {
        token: toApiTokenRecord({
          id: row.token_id,
          user_id: row.user_id,
          description: row.description,
          create_time: row.token_create_time,
          revoke_time: row.revoke_time,
        }),
        user: toUserRecord({ id: row.user_id, name: row.name, admin: row.admin, create_time: row.user_create_time }),
      };
    });
  }

  get(id: ApiTokenId): Promise<ApiTokenRecord | undefined> {
    return guarded("tokens.get", async () => {
      const row = await this.db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toApiTokenRecord(row);
    });
  }

  list(userId: UserId): Promise<ApiTokenRecord[]> {
    return guarded("tokens.list", async () => {
      const rows = await this.db
        .selectFrom("api_tokens")
        .selectAll()
        .where("user_id", "=", userId)
        .orderBy("create_time")
        .orderBy("id")
        .execute();
      return rows.map(toApiTokenRecord);
    });
  }

  async revoke(id: ApiTokenId): Promise<ApiTokenRecord | undefined> {
    const revoked = await this.writeRevoke(id);
    if (revoked !== undefined && this.revocations !== undefined) {
      // This process at once, then every other one (or the revoke was
      // another process's, such as `acp-api tokens revoke`).
      this.revocations.cache.evict(id);
      await this.revocations.changes.publish({ kind: "token", tokenId: id });
    }
    return revoked;
  }

  private writeRevoke(id: ApiTokenId): Promise<ApiTokenRecord | undefined> {
    return guarded("tokens.revoke", async () => {
      // coalesce keeps the first revoke time, so revoking twice is harmless and atomic.
      const row = await this.db
        .updateTable("api_tokens")
        .set((eb) => ({ revoke_time: eb.fn.coalesce("revoke_time", eb.val(this.nowMillis())) }))
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row && toApiTokenRecord(row);
    });
  }
}
