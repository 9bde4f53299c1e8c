import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProviderType } from "@acp/proto";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAesGcmSecretBox, type SecretBox } from "../crypto/index.js";
import { type CredentialId, newCredentialId, openStore, type SealedSecret, type Store } from "../storage/index.js";
import { capturedIo } from "../testing/captured-io.js";
import { allCredentials, credentialInput } from "../testing/credential-test-fixtures.js";
import { writeKeyringFile } from "../testing/keyring-files.js";
import { countFoundInSqliteFiles } from "../testing/old-ciphertext-scan.js";
import { type TestDatabase, testBackends } from "../testing/test-databases.js";
import { randomKeyring, withActive } from "../testing/test-keyrings.js";
import { keysReencrypt } from "./keys-command.js";

const keyring = randomKeyring(["k1", "k2"], "k1");
const oldBox = createAesGcmSecretBox(keyring);
const credentialCount = 200;

// Sizes on both sides of a 4 KB page, so some secrets live in overflow pages.
const plaintextOf = (i: number) => randomBytes(100 + ((i * 997) % 9000)).toString("base64");

async function seed(store: Store, box: SecretBox): Promise<CredentialId[]> {
  const owner = await store.users.create({ name: "alice", admin: false });
  const ids: CredentialId[] = [];
  for (let i = 0; i < credentialCount; i++) {
    const id = newCredentialId();
    const secret = box.seal(plaintextOf(i), { credentialId: id, provider: ProviderType.GITHUB });
    await store.credentials.insert(
      credentialInput(owner.id, { id, name: `c${i}`, provider: ProviderType.GITHUB, secret }),
    );
    ids.push(id);
  }
  return ids;
}

describe.each(testBackends)("acp-api keys reencrypt on $name", (backend) => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "acp-keys-"));
    database = await backend.create("database");
    const url = database.config.kind === "postgres" ? database.config.url : "";
    env = {
      ACP_DATABASE_URL: url,
      ACP_KEYRING_FILE: await writeKeyringFile(join(dir, "new.json"), withActive(keyring, "k2")),
    };
  });
  afterEach(async () => {
    await database.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const dataDirConfig = () =>
    database.config.kind === "sqlite" ? { ...database.config, file: join(dir, "acp.db") } : database.config;

  async function reencrypt(args: string[] = []) {
    const io = capturedIo(env);
    const code = await keysReencrypt.run(keysReencrypt.parse(["--data-dir", dir, ...args]), io);
    return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
  }

  it("leaves no secret sealed with the old key, in the rows or in the database's files", {
    timeout: 60_000,
  }, async () => {
    const config = dataDirConfig();
    const store = await openStore(config);
    // A server's connection stays open throughout, as during a real rotation.
    const server = await openStore(config);
    try {
      await seed(store, oldBox);
      const old: SealedSecret[] = (await allCredentials(store)).map((row) => row.secret);
      if (config.kind === "sqlite") {
        // Edits made by a server from before secure_delete: the freed copies
        // are old-key ciphertext too, left in pages SQLite only unlinked.
        const raw = new BetterSqlite3(config.file);
        try {
          raw.pragma("secure_delete = OFF");
          const rewrite = raw.prepare("update credentials set sealed = ? where id = ?");
          for (const [i, row] of (await allCredentials(store)).slice(0, 50).entries()) {
            const edited = oldBox.seal(plaintextOf(i + 1), { credentialId: row.id, provider: row.provider });
            rewrite.run(Buffer.from(edited.sealed), row.id);
            old.push(edited);
          }
        } finally {
          raw.close();
        }
        expect(await countFoundInSqliteFiles(config.file, old)).toBe(old.length);
      }

      const result = await reencrypt();
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toContain(`re-encrypted ${credentialCount} of ${credentialCount} secrets to key "k2"`);
      expect(result.stdout).toMatch(/no secret remains under another key/);
      expect(await store.credentials.keyIdsInUse()).toEqual(["k2"]);
      if (config.kind === "sqlite") {
        expect(await countFoundInSqliteFiles(config.file, old)).toBe(0);
      }
    } finally {
      await Promise.all([store.close(), server.close()]);
    }
  });
});
