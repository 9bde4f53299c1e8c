import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { newCredentialId, openStore } from "../storage/index.js";
import { credentialInput } from "../testing/credential-test-fixtures.js";
import { type TestDatabase, testBackends, withPostgresClient } from "../testing/test-databases.js";
import { randomKeyring } from "../testing/test-keyrings.js";
import { createAesGcmSecretBox } from "./aes-gcm-secret-box.js";

// Distinctive enough that a hit can only be the secret itself.
const plaintext = "PLAINTEXT-CANARY-7f3c9a-do-not-store";
// Stored deliberately in the clear: proves each scan can see what is there.
const control = "CONTROL-CANARY-b81e44-name";

function forbiddenEncodings(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  return [text, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")];
}

async function rawContents(database: TestDatabase): Promise<string> {
  const { config } = database;
  if (config.kind === "sqlite") {
    // Read the WAL too: before a checkpoint the newest pages live only there.
    const parts = await Promise.all(
      [config.file, `${config.file}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0))),
    );
    return Buffer.concat(parts).toString("latin1");
  }
  return withPostgresClient(async (client) => {
    const { rows } = await client.query<{ row: string }>(`select t::text as row from "${config.schema}".credentials t`);
    return rows.map((r) => r.row).join("\n");
  });
}

describe.each(testBackends)("no plaintext at rest on $name", (backend) => {
  it("stores a sealed secret without its plaintext in any encoding", async () => {
    const database = await backend.create();
    const store = await openStore(database.config);
    try {
      const box = createAesGcmSecretBox(randomKeyring(["k1"]));
      const owner = await store.users.create({ name: "alice", admin: false });
      const id = newCredentialId();
      const secret = box.seal(plaintext, { credentialId: id, provider: 1 });
      await store.credentials.insert(credentialInput(owner.id, { id, name: control, provider: 1, secret }));

      const raw = await rawContents(database);
      expect(raw).toContain(control);
      for (const encoding of forbiddenEncodings(plaintext)) expect(raw).not.toContain(encoding);

      // And the row still yields the secret through the box.
      const stored = await store.credentials.get(id);
      expect(box.open(stored!.secret, { credentialId: id, provider: 1 })).toBe(plaintext);
    } finally {
      await store.close();
    }
    if (database.config.kind === "sqlite") {
      // After close the WAL is checkpointed into the main file; scan that too.
      const raw = await rawContents(database);
      expect(raw).toContain(control);
      for (const encoding of forbiddenEncodings(plaintext)) expect(raw).not.toContain(encoding);
    }
    await database.dispose();
  });
});
