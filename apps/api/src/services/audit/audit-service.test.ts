import { AuditAction, AuditService, CredentialService, ProviderType } from "@acp/proto";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { beforeAll, describe, expect, it } from "vitest";
import { newSessionId } from "../../storage/index.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";
import { newRunnerToken } from "../auth/runner-tokens.js";

describe.each(testBackends)("AuditService on $name", (backend) => {
  const api = useTestApi(backend);
  const audit = (token: string) => api.client(AuditService, token);
  const credentials = (token: string) => api.client(CredentialService, token);

  // Alice and Bob each hold a credential, and each reads their own secret once.
  const held = { alice: "", bob: "" };
  beforeAll(async () => {
    for (const who of ["alice", "bob"] as const) {
      const client = credentials(api.tokens[who]);
      const { credential } = await client.createCredential({
        name: "mine",
        provider: ProviderType.GITLAB,
        secret: `glpat-${who}-0000000000000`,
      });
      held[who] = credential!.id;
      await client.getCredentialSecret({ id: credential!.id });
    }
  });

  it("shows an owner the events on their credentials and no one else's; an admin sees all", async () => {
    const mine = (await audit(api.tokens.alice).listAuditEvents({})).events;
    expect(mine.map((e) => e.action)).toEqual([AuditAction.CREDENTIAL_CREATE, AuditAction.SECRET_READ]);
    expect(new Set(mine.map((e) => e.credentialId))).toEqual(new Set([held.alice]));
    expect((await audit(api.tokens.alice).listAuditEvents({ credentialId: held.bob })).events).toEqual([]);

    const all = (await audit(api.tokens.admin).listAuditEvents({})).events;
    expect(new Set(all.map((e) => e.credentialId))).toEqual(new Set([held.alice, held.bob]));
    const bobsRead = all.find((e) => e.credentialId === held.bob && e.action === AuditAction.SECRET_READ)!;
    expect(bobsRead.principal).toEqual({ case: "principalUserId", value: api.userIds.bob });
    expect(bobsRead.valueHmac).toBe(api.audit.trail.hash("glpat-bob-0000000000000"));
  });

  it("hashes a value for admins only, recording nothing about it", async () => {
    await expectCode(
      audit(api.tokens.alice).hashAuditValue({ value: "glpat-alice-0000000000000" }),
      Code.PermissionDenied,
    );
    const before = (await audit(api.tokens.admin).listAuditEvents({})).events.length;
    const { valueHmac } = await audit(api.tokens.admin).hashAuditValue({ value: "glpat-alice-0000000000000" });
    expect(valueHmac).toBe(api.audit.trail.hash("glpat-alice-0000000000000"));
    expect((await audit(api.tokens.admin).listAuditEvents({})).events).toHaveLength(before);
    const empty = await expectCode(audit(api.tokens.admin).hashAuditValue({ value: "" }), Code.InvalidArgument);
    expect(empty.rawMessage).toMatch(/value: must not be empty/);
  });

  it("finds the reads of a value by its HMAC, within what the caller may see", async () => {
    const { valueHmac } = await audit(api.tokens.admin).hashAuditValue({ value: "glpat-bob-0000000000000" });
    const found = (await audit(api.tokens.admin).listAuditEvents({ valueHmac })).events;
    expect(found.map((e) => [e.action, e.credentialId])).toEqual([[AuditAction.SECRET_READ, held.bob]]);
    expect((await audit(api.tokens.admin).listAuditEvents({ valueHmac: valueHmac.toUpperCase() })).events).toHaveLength(
      1,
    );
    expect((await audit(api.tokens.bob).listAuditEvents({ valueHmac })).events).toHaveLength(1);
    expect((await audit(api.tokens.alice).listAuditEvents({ valueHmac })).events).toEqual([]);
  });

  it("narrows by credential, principal and time", async () => {
    const admin = audit(api.tokens.admin);
    const byCredential = (await admin.listAuditEvents({ credentialId: held.alice })).events;
    expect(byCredential.every((e) => e.credentialId === held.alice)).toBe(true);
    expect(byCredential).toHaveLength(2);
    const byBob = (await admin.listAuditEvents({ principal: api.userIds.bob })).events;
    expect(byBob.map((e) => e.credentialId)).toEqual([held.bob, held.bob]);

    const read = byCredential[1]!;
    const at = new Date(Number(read.time!.seconds) * 1000 + Math.floor(read.time!.nanos / 1e6));
    const from = (ms: number) => timestampFromDate(new Date(at.getTime() + ms));
    const inWindow = (await admin.listAuditEvents({ credentialId: held.alice, startTime: from(0), endTime: from(1) }))
      .events;
    expect(inWindow.map((e) => e.id)).toContain(read.id);
    expect((await admin.listAuditEvents({ credentialId: held.alice, startTime: from(1) })).events).toEqual([]);
    expect((await admin.listAuditEvents({ sessionId: newSessionId() })).events).toEqual([]);
  });

  it("names every malformed filter", async () => {
    const err = await expectCode(
      audit(api.tokens.admin).listAuditEvents({
        credentialId: "usr_nope",
        sessionId: "cred_nope",
        principal: "tok_nope",
        valueHmac: "abc",
        startTime: timestampFromDate(new Date(2_000)),
        endTime: timestampFromDate(new Date(1_000)),
      }),
      Code.InvalidArgument,
    );
    for (const field of ["credential_id", "session_id", "principal", "value_hmac", "end_time"]) {
      expect(err.rawMessage).toContain(`${field}: `);
    }
    const long = await expectCode(
      audit(api.tokens.admin).listAuditEvents({ valueHmac: "g".repeat(64) }),
      Code.InvalidArgument,
    );
    expect(long.rawMessage).toMatch(/value_hmac: must be 64 hex characters/);
    await expectCode(audit(api.tokens.admin).listAuditEvents({ pageSize: 1001 }), Code.InvalidArgument);
  });

  it("pages oldest first, and refuses a page token reused for another query", async () => {
    const admin = audit(api.tokens.admin);
    const all = (await admin.listAuditEvents({})).events.map((e) => e.id);
    const paged: string[] = [];
    let pageToken = "";
    do {
      const page = await admin.listAuditEvents({ pageSize: 1, pageToken });
      paged.push(...page.events.map((e) => e.id));
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    expect(paged).toEqual(all);

    const first = await admin.listAuditEvents({ pageSize: 1 });
    const err = await expectCode(
      admin.listAuditEvents({ pageSize: 1, pageToken: first.nextPageToken, credentialId: held.bob }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toMatch(/page_token: /);
    // Another caller cannot continue an admin's listing either.
    await expectCode(
      audit(api.tokens.alice).listAuditEvents({ pageSize: 1, pageToken: first.nextPageToken }),
      Code.InvalidArgument,
    );
  });

  it("refuses a runner token", async () => {
    const project = await api.store.projects.insert({
      name: "audit-runner",
      description: "",
      ownerId: api.userIds.alice,
    });
    const runner = newRunnerToken();
    await api.store.sessions.insert({
      id: newSessionId(),
      projectId: project.id,
      agent: "",
      name: "s1",
      creatorId: api.userIds.alice,
      runnerTokenHash: runner.hash,
      expireTime: new Date(Date.now() + 3_600_000),
    });
    await expectCode(audit(runner.token).listAuditEvents({}), Code.PermissionDenied);
    await expectCode(audit(runner.token).hashAuditValue({ value: "x" }), Code.PermissionDenied);
  });
});
