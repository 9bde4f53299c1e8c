import { AuditAction, AuditService, CredentialService, ProviderType } from "@acp/proto";
import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { CredentialId } from "../../storage/index.js";
import { storedAuditEvents } from "../../testing/audit-events.js";
import { expectCode } from "../../testing/expect-connect-error.js";
import { useTestApi } from "../../testing/test-api.js";
import { testBackends } from "../../testing/test-databases.js";

const secretRpc = "/acp.credentials.v1.CredentialService/GetCredentialSecret";

describe.each(testBackends)("CredentialService audit trail on $name", (backend) => {
  const api = useTestApi(backend);
  const alice = () => api.client(CredentialService, api.tokens.alice);
  const newCredential = async (name: string, secret: string) =>
    (await alice().createCredential({ name, provider: ProviderType.GITHUB, secret })).credential!;

  it("leaves exactly one SECRET_READ per read, with who, what, where and the HMAC of the secret, never the secret", async () => {
    const secret = "ghp_AUDITCANARY0000000000000000000000";
    const credential = await newCredential("audited", secret);
    const read = await alice().getCredentialSecret({ id: credential.id });
    expect(read.secret).toBe(secret);

    const credentialId = credential.id as CredentialId;
    const reads = (await storedAuditEvents(api.audit.store, { credentialId })).filter(
      (e) => e.action === AuditAction.SECRET_READ,
    );
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      rpc: secretRpc,
      principal: { userId: api.userIds.alice },
      credentialId,
      credentialOwnerId: api.userIds.alice,
      provider: ProviderType.GITHUB,
      outcome: "ok",
      valueHmac: api.audit.trail.hash(secret),
    });
    const serverPort = new URL(api.url).port;
    expect(reads[0]!.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(reads[0]!.peer).not.toBe(`127.0.0.1:${serverPort}`);

    // The HMAC an admin gets from HashAuditValue finds exactly that read.
    const admin = api.client(AuditService, api.tokens.admin);
    const { valueHmac } = await admin.hashAuditValue({ value: secret });
    expect(valueHmac).toBe(reads[0]!.valueHmac);
    const found = await admin.listAuditEvents({ valueHmac });
    expect(found.events.map((e) => e.id)).toEqual([reads[0]!.id]);

    const everything = JSON.stringify(await storedAuditEvents(api.audit.store));
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(secret).toString("base64"));
    expect(api.logs.join("\n")).not.toContain(secret);
  });

  it("fails a read Unavailable, returning nothing, when its record cannot be written; the next read is recorded", async () => {
    const secret = "ghp_UNRECORDED000000000000000000000000";
    const credential = await newCredential("unrecordable", secret);
    const credentialId = credential.id as CredentialId;
    api.audit.store.failAppends(true);
    try {
      const err = await expectCode(alice().getCredentialSecret({ id: credential.id }), Code.Unavailable);
      expect(err.rawMessage).toBe("the audit trail cannot be written; nothing was returned");
      expect(JSON.stringify([err.rawMessage, err.details, err.metadata])).not.toContain(secret);
      expect(err.rawMessage).not.toMatch(/connection refused/);
    } finally {
      api.audit.store.failAppends(false);
    }
    expect(api.logs.join("\n")).not.toMatch(/connection refused|ghp_UNRECORDED/);
    const reads = () => storedAuditEvents(api.audit.store, { credentialId });
    expect((await reads()).filter((e) => e.action === AuditAction.SECRET_READ)).toHaveLength(0);

    expect((await alice().getCredentialSecret({ id: credential.id })).secret).toBe(secret);
    expect((await reads()).filter((e) => e.action === AuditAction.SECRET_READ)).toHaveLength(1);
  });

  it("records create, update and delete, each with the credential and its owner", async () => {
    const credential = await newCredential("changed", "ghp_CHANGE0000000000000000000000000000");
    await alice().updateCredential({
      id: credential.id,
      updateMask: create(FieldMaskSchema, { paths: ["secret"] }),
      secret: "ghp_CHANGED000000000000000000000000000",
    });
    await alice().deleteCredential({ id: credential.id });

    const events = await storedAuditEvents(api.audit.store, { credentialId: credential.id as CredentialId });
    expect(events.map((e) => e.action)).toEqual([
      AuditAction.CREDENTIAL_CREATE,
      AuditAction.CREDENTIAL_UPDATE,
      AuditAction.CREDENTIAL_DELETE,
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        principal: { userId: api.userIds.alice },
        credentialOwnerId: api.userIds.alice,
        valueHmac: "",
      });
    }
    expect(JSON.stringify(events)).not.toMatch(/ghp_CHANGE/);
  });

  it("records every one of 50 concurrent reads, committed together in fewer appends", async () => {
    const credentials = await Promise.all(
      Array.from({ length: 50 }, (_, i) => newCredential(`burst-${i}`, `ghp_BURST${String(i).padStart(28, "0")}`)),
    );
    const before = api.audit.store.batchSizes.length;
    // HTTP/2: one connection carries all 50 calls at once, as a busy runner fleet would.
    const client = api.client(CredentialService, api.tokens.alice, "connect-h2");
    const reads = await Promise.all(credentials.map((c) => client.getCredentialSecret({ id: c.id })));
    const batches = api.audit.store.batchSizes.slice(before);
    console.info(`[${backend.name}] 50 concurrent reads went in ${batches.length} appends: ${batches.join(" ")}`);

    expect(batches.reduce((a, b) => a + b, 0)).toBe(50);
    expect(batches.length).toBeLessThan(50);
    const stored = await storedAuditEvents(api.audit.store);
    for (const read of reads) {
      const event = stored.find((e) => e.credentialId === read.credentialId && e.action === AuditAction.SECRET_READ);
      expect(event?.valueHmac).toBe(api.audit.trail.hash(read.secret));
    }
  });
});
