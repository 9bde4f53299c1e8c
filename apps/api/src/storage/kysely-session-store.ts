import { SessionState } from "@acp/proto";
import type { Kysely } from "kysely";
import type { NewSessionRecord, SessionQuery, SessionRecord } from "./access-records.js";
import { type SessionRow, sessionColumns, toSessionRecord } from "./access-row-mapping.js";
import type { SessionStore } from "./access-store.js";
import { tokenKey } from "./authentication-cache.js";
import { bytesToColumn } from "./column-codecs.js";
import { compileOnce } from "./compiled-once.js";
import type { Database } from "./database-schema.js";
import type { SessionId } from "./ids.js";
import { keysetPage } from "./keyset-page.js";
import { guarded } from "./map-database-error.js";
import { memberProjectIds } from "./member-projects.js";
import type { PreparedStatements } from "./prepared-statements.js";
import type { TokenCache } from "./token-cache.js";

export class KyselySessionStore implements SessionStore {
  // Every runner call authenticates, and every stream pass reads its session: built once.
  readonly #byRunnerToken;
  readonly #byId;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly nowMillis: () => number,
    statements: PreparedStatements,
    private readonly runners?: TokenCache<SessionRecord>,
  ) {
    this.#byRunnerToken = compileOnce<{ tokenHash: Buffer; now: number }, SessionRow>(
      statements,
      ["tokenHash", "now"],
      ({ tokenHash, now }) =>
        db
          .selectFrom("sessions")
          .select(sessionColumns)
          .where("runner_token_hash", "=", tokenHash)
          .where("state", "=", SessionState.RUNNING)
          .where("expire_time", ">", now),
    );
    this.#byId = compileOnce<{ id: SessionId }, SessionRow>(statements, ["id"], ({ id }) =>
      db.selectFrom("sessions").select(sessionColumns).where("id", "=", id),
    );
  }

  insert(input: NewSessionRecord): Promise<SessionRecord> {
    return guarded("sessions.insert", async () => {
      const createMillis = this.nowMillis();
      const { expireTime } = input;
      const row = await this.db
        .insertInto("sessions")
        .values({
          id: input.id,
          project_id: input.projectId,
          agent: input.agent,
          name: input.name,
          state: SessionState.RUNNING,
          creator_id: input.creatorId,
          runner_token_hash: bytesToColumn(input.runnerTokenHash),
          create_time: createMillis,
          expire_time: expireTime instanceof Date ? expireTime.getTime() : createMillis + expireTime.afterCreateMs,
          end_time: null,
        })
        .returning(sessionColumns)
        .executeTakeFirstOrThrow();
      return toSessionRecord(row);
    });
  }

  get(id: SessionId): Promise<SessionRecord | undefined> {
    return guarded("sessions.get", () => this.read(id));
  }

  list(query: SessionQuery): Promise<SessionRecord[]> {
    return guarded("sessions.list", async () => {
      if (query.limit <= 0) return [];
      let select = this.db.selectFrom("sessions").select(sessionColumns);
      if ("projectId" in query.project) select = select.where("project_id", "=", query.project.projectId);
      if ("memberId" in query.member) {
        select = select.where("project_id", "in", memberProjectIds(this.db, query.member.memberId));
      }
      const after = query.after && { time: query.after.createTime.getTime(), id: query.after.id };
      const rows = await keysetPage(select, { time: "create_time", id: "id" }, after, query.limit).execute();
      return rows.map(toSessionRecord);
    });
  }

  end(id: SessionId, now: Date): Promise<SessionRecord | undefined> {
    return guarded("sessions.end", async () => {
      // Only a running session changes, so the first end time is the one kept
      // however many ends race; the others find the row already ended.
      const ended = await this.db
        .updateTable("sessions")
        .set({ state: SessionState.ENDED, end_time: now.getTime() })
        .where("id", "=", id)
        .where("state", "=", SessionState.RUNNING)
        .returning(sessionColumns)
        .executeTakeFirst();
      // Other processes hear of it through the service's session change.
      this.runners?.evict(id);
      return ended === undefined ? this.read(id) : toSessionRecord(ended);
    });
  }

  async authenticateRunner(tokenHash: Uint8Array, now: Date): Promise<SessionRecord | undefined> {
    const load = () =>
      guarded("sessions.authenticateRunner", async () => {
        const [row] = await this.#byRunnerToken({ tokenHash: bytesToColumn(tokenHash), now: now.getTime() });
        return row && toSessionRecord(row);
      });
    const session = await (this.runners === undefined ? load() : this.runners.lookup(tokenKey(tokenHash), load));
    // Checked at each use: a cached session may have expired since it was read.
    return session !== undefined && session.expireTime.getTime() > now.getTime() ? session : undefined;
  }

  private async read(id: SessionId): Promise<SessionRecord | undefined> {
    const [row] = await this.#byId({ id });
    return row && toSessionRecord(row);
  }
}
