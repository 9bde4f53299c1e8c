import { AuditAction, ProviderType } from "@acp/proto";
import { describe, expect, it } from "vitest";
import { everyAuditEvent } from "../testing/audit-events.js";
import { auditEventInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { useTestStore } from "../testing/test-store.js";
import type { AuditEventRecord, AuditQuery, NewAuditEvent } from "./access-records.js";
import { StorageError } from "./storage-error.js";

const t0 = Date.UTC(2026, 0, 1);
const at = (offsetMillis: number) => new Date(t0 + offsetMillis);

function byKeyset(a: AuditEventRecord, b: AuditEventRecord): number {
  return a.time.getTime() - b.time.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const everything = everyAuditEvent;

describe.each(testBackends)("audit on $name", (backend) => {
  const ctx = useTestStore(backend);

  it("appends events and reads every field back, in (time, id) order", async () => {
    const { audit } = ctx().store;
    expect(await audit.append([])).toEqual([]);
    const read: NewAuditEvent = auditEventInput("usr_alice", {
      time: at(5),
      action: AuditAction.SECRET_READ,
      rpc: "/acp.sessions.v1.SessionService/WatchSessionCredentials",
      principal: { sessionId: "ses_one" },
      credentialId: "cred_one",
      credentialOwnerId: "usr_alice",
      provider: ProviderType.GITHUB,
      peer: "10.0.0.7:5123",
      valueHmac: "ab".repeat(32),
      projectId: "prj_one",
      sessionId: "ses_one",
      bindingId: "bnd_one",
      userId: "usr_bob",
      apiTokenId: "tok_one",
    });
    const failed = auditEventInput("usr_alice", { time: at(1), outcome: "permission_denied" });
    const appended = await audit.append([read, failed]);
    expect(appended).toEqual([
      { ...read, id: expect.stringMatching(/^aud_[a-z2-7]{26}$/) },
      { ...failed, id: expect.stringMatching(/^aud_[a-z2-7]{26}$/) },
    ]);
    expect(await audit.list(everything)).toEqual([appended[1], appended[0]]);
  });

  it("stores none of a batch when one of its events is invalid, even past one insert statement's worth", async () => {
    const { audit } = ctx().store;
    const valid = Array.from({ length: 1_200 }, (_, i) => auditEventInput("usr_alice", { time: at(i) }));
    const invalid = { ...auditEventInput("usr_alice"), rpc: null } as unknown as NewAuditEvent;
    const error = await audit.append([...valid, invalid]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(
      /^storage operation "audit.append" failed \((SQLITE_CONSTRAINT_NOTNULL|23502)\)$/,
    );
    expect(await audit.list(everything)).toEqual([]);

    const noPrincipal = { ...auditEventInput("usr_alice"), principal: { userId: "" } } as unknown as NewAuditEvent;
    await expect(audit.append([valid[0]!, noPrincipal])).rejects.toBeInstanceOf(StorageError);
    expect(await audit.list(everything)).toEqual([]);
  });

  it("filters by credential, session, principal, value, time range and owner, and pages through equal times", async () => {
    const { audit } = ctx().store;
    const alice = "usr_alice" as const;
    const bob = "usr_bob" as const;
    const events = await audit.append([
      // Alice reads her credential through a session, twice at the same instant.
      auditEventInput(alice, {
        time: at(10),
        principal: { sessionId: "ses_a" },
        sessionId: "ses_a",
        credentialId: "cred_a",
        credentialOwnerId: alice,
        valueHmac: "h1",
      }),
      auditEventInput(alice, {
        time: at(10),
        principal: { sessionId: "ses_a" },
        sessionId: "ses_a",
        credentialId: "cred_a",
        credentialOwnerId: alice,
        valueHmac: "h2",
      }),
      // Bob acts on Alice's credential.
      auditEventInput(bob, { time: at(20), credentialId: "cred_a", credentialOwnerId: alice }),
      // Bob's own credential, read by another session.
      auditEventInput(bob, {
        time: at(30),
        principal: { sessionId: "ses_b" },
        sessionId: "ses_b",
        credentialId: "cred_b",
        credentialOwnerId: bob,
        valueHmac: "h1",
      }),
      // No credential at all.
      auditEventInput(alice, { time: at(40), action: AuditAction.PROJECT_CREATE, projectId: "prj_x" }),
    ]);
    const sorted = [...events].sort(byKeyset);
    const pages = async (filter: Partial<AuditQuery>) => {
      const seen: AuditEventRecord[] = [];
      let after: AuditEventRecord | undefined;
      for (;;) {
        const page = await audit.list({ ...everything, ...filter, after, limit: 2 });
        seen.push(...page);
        if (page.length < 2) return seen;
        after = page.at(-1);
      }
    };
    const where = (keep: (e: AuditEventRecord) => boolean) => sorted.filter(keep);
    expect(await pages({})).toEqual(sorted);
    expect(await pages({ credentialId: "cred_a" })).toEqual(where((e) => e.credentialId === "cred_a"));
    expect(await pages({ sessionId: "ses_a" })).toEqual(where((e) => e.sessionId === "ses_a"));
    expect(await pages({ principal: { userId: bob } })).toEqual(
      where((e) => "userId" in e.principal && e.principal.userId === bob),
    );
    expect(await pages({ principal: { sessionId: "ses_b" } })).toEqual([events[3]]);
    expect(await pages({ valueHmac: "h1" })).toEqual([events[0], events[3]]);
    expect(await pages({ startTime: at(10), endTime: at(30) })).toEqual(
      where((e) => e.time >= at(10) && e.time < at(30)),
    );
    expect(await pages({ startTime: at(11) })).toEqual(where((e) => e.time >= at(11)));
    expect(await pages({ endTime: at(10) })).toEqual([]);
    // An owner sees events on their credentials whoever acted, and nothing without a credential.
    expect(await pages({ visibleTo: { credentialOwnerId: alice } })).toEqual(
      where((e) => e.credentialOwnerId === alice),
    );
    expect(await pages({ visibleTo: { credentialOwnerId: bob } })).toEqual([events[3]]);
    // Narrowing filters cannot widen what visibleTo allows.
    expect(await pages({ visibleTo: { credentialOwnerId: bob }, credentialId: "cred_a" })).toEqual([]);
    expect(await pages({ visibleTo: { credentialOwnerId: alice }, valueHmac: "h1" })).toEqual([events[0]]);
    expect(await audit.list({ ...everything, limit: 0 })).toEqual([]);
  });
});
