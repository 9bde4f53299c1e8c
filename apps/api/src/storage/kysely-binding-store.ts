import { BindingTier } from "@acp/proto";
import type { Kysely } from "kysely";
import type { BindingQuery, BindingRecord, NewBindingRecord, SessionScope } from "./access-records.js";
import { toBindingRecord } from "./access-row-mapping.js";
import type { BindingStore, BoundCredential } from "./access-store.js";
import { targetToColumns } from "./binding-target.js";
import { compileOnce } from "./compiled-once.js";
import type { Database } from "./database-schema.js";
import { type BindingId, newBindingId, type ProjectId } from "./ids.js";
import { keysetPage } from "./keyset-page.js";
import { guarded } from "./map-database-error.js";
import type { PreparedStatements } from "./prepared-statements.js";
import { toCredentialRecord } from "./row-mapping.js";

/** Bindings joined with their credentials, in the order resolution considers them. */
function boundCredentials(db: Kysely<Database>) {
  return (
    db
      .selectFrom("bindings as b")
      .innerJoin("credentials as c", "c.id", "b.credential_id")
      .selectAll("c")
      // Only the binding columns whose names clash with the credential's are renamed.
      .select([
        "b.id as binding_id",
        "b.credential_id",
        "b.provider as binding_provider",
        "b.tier",
        "b.project_id",
        "b.agent",
        "b.session_id",
        "b.creator_id",
        "b.create_time as binding_create_time",
      ])
      .orderBy("b.tier")
      .orderBy("b.create_time")
      .orderBy("b.id")
  );
}

/**
 * The bindings that apply to a session, with their credentials, in the order
 * resolution considers them. Each term of the `or` matches one index
 * (bindings_session_… for the session's own, bindings_tier_project_agent_…
 * for the rest), so this stays one indexed read however many bindings other
 * projects have. Exported so a test can hold the plan to that.
 */
export function bindingsForSession(db: Kysely<Database>, scope: SessionScope) {
  return boundCredentials(db).where((eb) =>
    eb.or([
      // Only session bindings have a session id (bindings_target_check).
      eb("b.session_id", "=", scope.id),
      eb.and([
        eb("b.tier", "=", BindingTier.AGENT),
        eb("b.project_id", "=", scope.projectId),
        eb("b.agent", "=", scope.agent),
        eb(eb.val(scope.agent), "<>", ""),
      ]),
      eb.and([eb("b.tier", "=", BindingTier.PROJECT), eb("b.project_id", "=", scope.projectId)]),
      eb("b.tier", "=", BindingTier.GLOBAL),
    ]),
  );
}

/**
 * Every binding that applies to some session of the project: its sessions',
 * its agents', its own and the global ones. Each term matches one index
 * (bindings_project_… and bindings_tier_project_agent_…). Exported so a test
 * can hold the plan to that.
 */
export function bindingsForProject(db: Kysely<Database>, projectId: ProjectId) {
  return boundCredentials(db).where((eb) =>
    eb.or([eb("b.project_id", "=", projectId), eb("b.tier", "=", BindingTier.GLOBAL)]),
  );
}

type BoundRow = Awaited<ReturnType<ReturnType<typeof boundCredentials>["execute"]>>[number];

function toBoundCredential(row: BoundRow): BoundCredential {
  return {
    binding: toBindingRecord({
      id: row.binding_id,
      credential_id: row.credential_id,
      provider: row.binding_provider,
      tier: row.tier,
      project_id: row.project_id,
      agent: row.agent,
      session_id: row.session_id,
      creator_id: row.creator_id,
      create_time: row.binding_create_time,
    }),
    credential: toCredentialRecord(row),
  };
}

export class KyselyBindingStore implements BindingStore {
  // Every runner read and every stream pass resolves through these: built once.
  readonly #forSession;
  readonly #forProject;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
    statements: PreparedStatements,
  ) {
    this.#forSession = compileOnce<SessionScope, BoundRow>(statements, ["id", "projectId", "agent"], (scope) =>
      bindingsForSession(db, scope),
    );
    this.#forProject = compileOnce<{ projectId: ProjectId }, BoundRow>(statements, ["projectId"], ({ projectId }) =>
      bindingsForProject(db, projectId),
    );
  }

  insert(input: NewBindingRecord): Promise<BindingRecord> {
    return guarded(
      "bindings.insert",
      async () => {
        const row = await this.db
          .insertInto("bindings")
          .values({
            id: newBindingId(),
            credential_id: input.credentialId,
            provider: input.provider,
            ...targetToColumns(input.target),
            creator_id: input.creatorId,
            create_time: this.nowMillis(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toBindingRecord(row);
      },
      { entity: "binding", tier: input.target.tier },
    );
  }

  get(id: BindingId): Promise<BindingRecord | undefined> {
    return guarded("bindings.get", async () => {
      const row = await this.db.selectFrom("bindings").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toBindingRecord(row);
    });
  }

  delete(id: BindingId): Promise<BindingRecord | undefined> {
    return guarded("bindings.delete", async () => {
      const row = await this.db.deleteFrom("bindings").where("id", "=", id).returningAll().executeTakeFirst();
      return row && toBindingRecord(row);
    });
  }

  list(query: BindingQuery): Promise<BindingRecord[]> {
    return guarded("bindings.list", async () => {
      if (query.limit <= 0) return [];
      let select = this.db.selectFrom("bindings").selectAll();
      if ("credentialId" in query.credential)
        select = select.where("credential_id", "=", query.credential.credentialId);
      const { scope } = query;
      // bindings_target_check makes these columns say the tier: every project,
      // agent and session binding has its project id, only session bindings a
      // session id, and only global ones the global tier.
      if ("projectId" in scope) select = select.where("project_id", "=", scope.projectId);
      else if ("sessionId" in scope) select = select.where("session_id", "=", scope.sessionId);
      else if ("global" in scope) select = select.where("tier", "=", BindingTier.GLOBAL);
      const after = query.after && { time: query.after.createTime.getTime(), id: query.after.id };
      const rows = await keysetPage(select, { time: "create_time", id: "id" }, after, query.limit).execute();
      return rows.map(toBindingRecord);
    });
  }

  listForSession(session: SessionScope): Promise<BoundCredential[]> {
    return guarded("bindings.listForSession", async () => (await this.#forSession(session)).map(toBoundCredential));
  }

  listForProject(projectId: ProjectId): Promise<BoundCredential[]> {
    return guarded("bindings.listForProject", async () =>
      (await this.#forProject({ projectId })).map(toBoundCredential),
    );
  }
}
