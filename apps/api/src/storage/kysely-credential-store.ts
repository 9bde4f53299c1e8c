import { type Kysely, type Selectable, sql, type Updateable } from "kysely";
import { booleanToColumn, bytesFromColumn, bytesToColumn, labelsToColumn } from "./column-codecs.js";
import { compileOnce } from "./compiled-once.js";
import type { CredentialsTable, Database } from "./database-schema.js";
import type { CredentialId, UserId } from "./ids.js";
import { keysetPage } from "./keyset-page.js";
import { guarded, mapDatabaseError } from "./map-database-error.js";
import type { PreparedStatements } from "./prepared-statements.js";
import type {
  CredentialPatch,
  CredentialQuery,
  CredentialRecord,
  NewCredentialRecord,
  SealedSecret,
} from "./records.js";
import { toCredentialRecord } from "./row-mapping.js";
import type { CredentialChange, CredentialStore, SealedCredential } from "./store.js";

function patchToColumns(patch: CredentialPatch): Updateable<CredentialsTable> {
  const columns: Updateable<CredentialsTable> = {};
  if (patch.name !== undefined) columns.name = patch.name;
  if (patch.description !== undefined) columns.description = patch.description;
  if (patch.labels !== undefined) columns.labels = labelsToColumn(patch.labels);
  const revalidated = patch.revalidated;
  if (revalidated !== undefined) {
    columns.url = revalidated.url;
    columns.email = revalidated.email;
    columns.allow_insecure = booleanToColumn(revalidated.allowInsecure);
    columns.summary = bytesToColumn(revalidated.summary);
    if (revalidated.secret !== undefined) {
      columns.key_id = revalidated.secret.keyId;
      columns.sealed = bytesToColumn(revalidated.secret.sealed);
    }
  }
  return columns;
}

function takenName(patch: CredentialPatch) {
  return patch.name === undefined ? undefined : { entity: "credential" as const, name: patch.name };
}

async function writePatch(
  db: Kysely<Database>,
  id: CredentialId,
  patch: CredentialPatch,
  now: number,
): Promise<CredentialRecord | undefined> {
  // Strictly increasing even within one millisecond or under a clock step
  // back, so every update is visible to anyone comparing update times.
  const row = await db
    .updateTable("credentials")
    .set({
      ...patchToColumns(patch),
      update_time: sql<number>`case when update_time >= ${now} then update_time + 1 else ${now} end`,
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row && toCredentialRecord(row);
}

export class KyselyCredentialStore implements CredentialStore {
  // Every secret read starts here: built once.
  readonly #byId;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
    private readonly rowLocks: boolean,
    statements: PreparedStatements,
  ) {
    this.#byId = compileOnce<{ id: CredentialId }, Selectable<CredentialsTable>>(statements, ["id"], ({ id }) =>
      db.selectFrom("credentials").selectAll().where("id", "=", id),
    );
  }

  insert(input: NewCredentialRecord): Promise<CredentialRecord> {
    return guarded(
      "credentials.insert",
      async () => {
        const now = this.nowMillis();
        const row = await this.db
          .insertInto("credentials")
          .values({
            id: input.id,
            owner_id: input.ownerId,
            name: input.name,
            provider: input.provider,
            url: input.url,
            email: input.email,
            description: input.description,
            labels: labelsToColumn(input.labels),
            allow_insecure: booleanToColumn(input.allowInsecure),
            summary: bytesToColumn(input.summary),
            key_id: input.secret.keyId,
            sealed: bytesToColumn(input.secret.sealed),
            create_time: now,
            update_time: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCredentialRecord(row);
      },
      { entity: "credential", name: input.name },
    );
  }

  get(id: CredentialId): Promise<CredentialRecord | undefined> {
    return guarded("credentials.get", async () => {
      const [row] = await this.#byId({ id });
      return row && toCredentialRecord(row);
    });
  }

  getByName(ownerId: UserId, name: string): Promise<CredentialRecord | undefined> {
    return guarded("credentials.getByName", async () => {
      const row = await this.db
        .selectFrom("credentials")
        .selectAll()
        .where("owner_id", "=", ownerId)
        .where("name", "=", name)
        .executeTakeFirst();
      return row && toCredentialRecord(row);
    });
  }

  list(query: CredentialQuery): Promise<CredentialRecord[]> {
    return guarded("credentials.list", async () => {
      if (query.limit <= 0) return [];
      let select = this.db.selectFrom("credentials").selectAll();
      if ("ownerId" in query.owner) select = select.where("owner_id", "=", query.owner.ownerId);
      if ("provider" in query.provider) select = select.where("provider", "=", query.provider.provider);
      const after = query.after && { time: query.after.createTime.getTime(), id: query.after.id };
      const rows = await keysetPage(select, { time: "create_time", id: "id" }, after, query.limit).execute();
      return rows.map(toCredentialRecord);
    });
  }

  update(id: CredentialId, change: CredentialChange): Promise<CredentialRecord | undefined> {
    if (typeof change !== "function") {
      return guarded("credentials.update", () => writePatch(this.db, id, change, this.nowMillis()), takenName(change));
    }
    return this.updateFromCurrent(id, change);
  }

  /**
   * Reads the row, plans the patch from it and writes it in one transaction
   * holding the row: on PostgreSQL by `for update`, on SQLite by the
   * immediate transaction's write lock. A concurrent update waits and then
   * plans from this one's result, so fields checked together (a secret and
   * allow_insecure) can never come from two different updates.
   */
  private async updateFromCurrent(
    id: CredentialId,
    plan: (current: CredentialRecord) => CredentialPatch,
  ): Promise<CredentialRecord | undefined> {
    // The plan's own refusal (a validation error) is the caller's, not a storage failure.
    let refused: { readonly error: unknown } | undefined;
    let taken: ReturnType<typeof takenName>;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom("credentials")
          .selectAll()
          .where("id", "=", id)
          .$if(this.rowLocks, (q) => q.forUpdate())
          .executeTakeFirst();
        if (row === undefined) return undefined;
        let patch: CredentialPatch;
        try {
          patch = plan(toCredentialRecord(row));
        } catch (error) {
          refused = { error };
          throw error;
        }
        taken = takenName(patch);
        return writePatch(trx, id, patch, this.nowMillis());
      });
    } catch (error) {
      if (refused !== undefined) throw refused.error;
      throw mapDatabaseError(error, "credentials.update", taken);
    }
  }

  delete(id: CredentialId): Promise<boolean> {
    return guarded("credentials.delete", async () => {
      // bindings_credential_fkey cascades: the bindings go in this same statement.
      const result = await this.db.deleteFrom("credentials").where("id", "=", id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  keyIdsInUse(): Promise<string[]> {
    return guarded("credentials.keyIdsInUse", async () => {
      const rows = await this.db.selectFrom("credentials").select("key_id").distinct().orderBy("key_id").execute();
      return rows.map((r) => r.key_id);
    });
  }

  listSealedWithOtherKey(keyId: string, limit: number): Promise<SealedCredential[]> {
    return guarded("credentials.listSealedWithOtherKey", async () => {
      if (limit <= 0) return [];
      const rows = await this.db
        .selectFrom("credentials")
        .select(["id", "provider", "key_id", "sealed"])
        .where("key_id", "<>", keyId)
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        provider: r.provider,
        secret: { keyId: r.key_id, sealed: bytesFromColumn(r.sealed) },
      }));
    });
  }

  replaceSecret(id: CredentialId, expected: SealedSecret, next: SealedSecret): Promise<boolean> {
    return guarded("credentials.replaceSecret", async () => {
      // Leaves update_time alone: re-encryption changes nothing a client can
      // see, so it must not look like an edit (or defeat optimistic updates).
      const result = await this.db
        .updateTable("credentials")
        .set({ key_id: next.keyId, sealed: bytesToColumn(next.sealed) })
        .where("id", "=", id)
        .where("key_id", "=", expected.keyId)
        .where("sealed", "=", bytesToColumn(expected.sealed))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }
}
