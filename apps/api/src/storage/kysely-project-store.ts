import { ProjectRole, SessionState } from "@acp/proto";
import type { Kysely, Transaction } from "kysely";
import type {
  DeletedProject,
  MemberChange,
  MemberRole,
  ProjectMemberRecord,
  ProjectQuery,
  ProjectRecord,
  SessionRecord,
} from "./access-records.js";
import { toBindingRecord, toProjectMemberRecord, toProjectRecord } from "./access-row-mapping.js";
import type { ProjectStore } from "./access-store.js";
import type { Database } from "./database-schema.js";
import { newProjectId, type ProjectId, type UserId } from "./ids.js";
import { byCreateTimeAndId, keysetPage } from "./keyset-page.js";
import { guarded } from "./map-database-error.js";
import { memberProjectIds } from "./member-projects.js";
import type { TokenCache } from "./token-cache.js";

type Db = Kysely<Database> | Transaction<Database>;

function selectMembers(db: Db, projectId: ProjectId) {
  return db
    .selectFrom("project_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.project_id", "m.user_id", "m.role", "m.create_time", "u.name as user_name"])
    .where("m.project_id", "=", projectId);
}

async function readMember(db: Db, projectId: ProjectId, userId: UserId): Promise<ProjectMemberRecord | undefined> {
  const row = await selectMembers(db, projectId).where("m.user_id", "=", userId).executeTakeFirst();
  return row && toProjectMemberRecord(row);
}

function isLastOwner(members: readonly { user_id: UserId; role: MemberRole }[], userId: UserId): boolean {
  const owners = members.filter((m) => m.role === ProjectRole.OWNER);
  return owners.length === 1 && owners[0]!.user_id === userId;
}

export class KyselyProjectStore implements ProjectStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
    private readonly rowLocks: boolean,
    private readonly runners?: TokenCache<SessionRecord>,
  ) {}

  insert(input: { name: string; description: string; ownerId: UserId }): Promise<ProjectRecord> {
    return guarded(
      "projects.insert",
      () =>
        this.db.transaction().execute(async (trx) => {
          const now = this.nowMillis();
          const row = await trx
            .insertInto("projects")
            .values({ id: newProjectId(), name: input.name, description: input.description, create_time: now })
            .returningAll()
            .executeTakeFirstOrThrow();
          await trx
            .insertInto("project_members")
            .values({ project_id: row.id, user_id: input.ownerId, role: ProjectRole.OWNER, create_time: now })
            .execute();
          return toProjectRecord(row);
        }),
      { entity: "project", name: input.name },
    );
  }

  get(id: ProjectId): Promise<ProjectRecord | undefined> {
    return guarded("projects.get", async () => {
      const row = await this.db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
      return row && toProjectRecord(row);
    });
  }

  getByName(name: string): Promise<ProjectRecord | undefined> {
    return guarded("projects.getByName", async () => {
      const row = await this.db.selectFrom("projects").selectAll().where("name", "=", name).executeTakeFirst();
      return row && toProjectRecord(row);
    });
  }

  list(query: ProjectQuery): Promise<ProjectRecord[]> {
    return guarded("projects.list", async () => {
      if (query.limit <= 0) return [];
      let select = this.db.selectFrom("projects").selectAll();
      if ("memberId" in query.member)
        select = select.where("id", "in", memberProjectIds(this.db, query.member.memberId));
      const after = query.after && { time: query.after.createTime.getTime(), id: query.after.id };
      const rows = await keysetPage(select, { time: "create_time", id: "id" }, after, query.limit).execute();
      return rows.map(toProjectRecord);
    });
  }

  async delete(id: ProjectId): Promise<DeletedProject | undefined> {
    const deleted = await this.deleteRows(id);
    // Other processes hear of it through the service's project change.
    for (const sessionId of deleted?.endedSessionIds ?? []) this.runners?.evict(sessionId);
    return deleted;
  }

  private deleteRows(id: ProjectId): Promise<DeletedProject | undefined> {
    return guarded("projects.delete", () =>
      this.db.transaction().execute(async (trx) => {
        // Locked first, so member changes and new bindings of the project
        // (their foreign key checks lock it too) wait for the outcome.
        const project = await trx
          .selectFrom("projects")
          .select("id")
          .where("id", "=", id)
          .$if(this.rowLocks, (q) => q.forUpdate())
          .executeTakeFirst();
        if (project === undefined) return undefined;
        const ended = await trx
          .updateTable("sessions")
          .set({ state: SessionState.ENDED, end_time: this.nowMillis() })
          .where("project_id", "=", id)
          .where("state", "=", SessionState.RUNNING)
          .returning("id")
          .execute();
        // Every binding of the project, its agents and its sessions: a session
        // binding carries its session's project (bindings_session_fkey).
        const bindings = await trx.deleteFrom("bindings").where("project_id", "=", id).returningAll().execute();
        await trx.deleteFrom("project_members").where("project_id", "=", id).execute();
        await trx.deleteFrom("projects").where("id", "=", id).execute();
        return {
          endedSessionIds: ended.map((r) => r.id).sort(),
          deletedBindings: bindings.map(toBindingRecord).sort(byCreateTimeAndId),
        };
      }),
    );
  }

  getMember(projectId: ProjectId, userId: UserId): Promise<ProjectMemberRecord | undefined> {
    return guarded("projects.getMember", () => readMember(this.db, projectId, userId));
  }

  listMembers(projectId: ProjectId): Promise<ProjectMemberRecord[]> {
    return guarded("projects.listMembers", async () => {
      const rows = await selectMembers(this.db, projectId).orderBy("m.create_time").orderBy("m.user_id").execute();
      return rows.map(toProjectMemberRecord);
    });
  }

  setMember(projectId: ProjectId, userId: UserId, role: MemberRole): Promise<MemberChange<ProjectMemberRecord>> {
    return guarded("projects.setMember", () =>
      this.changeMembers(projectId, async (trx, members) => {
        const current = members.find((m) => m.user_id === userId);
        if (current?.role === ProjectRole.OWNER && role !== ProjectRole.OWNER && isLastOwner(members, userId)) {
          return { ok: false, reason: "last-owner" };
        }
        if (current === undefined) {
          await trx
            .insertInto("project_members")
            .values({ project_id: projectId, user_id: userId, role, create_time: this.nowMillis() })
            .execute();
        } else if (current.role !== role) {
          await trx
            .updateTable("project_members")
            .set({ role })
            .where("project_id", "=", projectId)
            .where("user_id", "=", userId)
            .execute();
        }
        return { ok: true, value: (await readMember(trx, projectId, userId))! };
      }),
    );
  }

  removeMember(projectId: ProjectId, userId: UserId): Promise<MemberChange<ProjectMemberRecord>> {
    return guarded("projects.removeMember", () =>
      this.changeMembers(projectId, async (trx, members) => {
        const removed = await readMember(trx, projectId, userId);
        if (removed === undefined) return { ok: false, reason: "missing" };
        if (removed.role === ProjectRole.OWNER && isLastOwner(members, userId))
          return { ok: false, reason: "last-owner" };
        await trx
          .deleteFrom("project_members")
          .where("project_id", "=", projectId)
          .where("user_id", "=", userId)
          .execute();
        return { ok: true, value: removed };
      }),
    );
  }

  /**
   * Runs a member change against the project's members as they are, in one
   * transaction that no other change of them can interleave with: on
   * PostgreSQL the member rows are locked `for update` (after the project row,
   * so a concurrent delete of the project is seen as "missing"), and SQLite
   * holds its write lock throughout. Two owners demoting each other at once
   * thus cannot both see the other still an owner.
   */
  private changeMembers<T>(
    projectId: ProjectId,
    change: (trx: Transaction<Database>, members: { user_id: UserId; role: MemberRole }[]) => Promise<MemberChange<T>>,
  ): Promise<MemberChange<T>> {
    return this.db.transaction().execute(async (trx) => {
      const project = await trx
        .selectFrom("projects")
        .select("id")
        .where("id", "=", projectId)
        .$if(this.rowLocks, (q) => q.forNoKeyUpdate())
        .executeTakeFirst();
      if (project === undefined) return { ok: false, reason: "missing" };
      const members = await trx
        .selectFrom("project_members")
        .select(["user_id", "role"])
        .where("project_id", "=", projectId)
        .orderBy("user_id")
        .$if(this.rowLocks, (q) => q.forUpdate())
        .execute();
      return change(trx, members);
    });
  }
}
