import type { Store } from "../storage/index.js";
import type { CommandIo } from "./command.js";

/**
 * After re-encryption: erases what the old rows left in the database files
 * and says whether the old keys can now leave the keyring. Exit 1 when they
 * cannot, so a rotation script stops before removing a key still needed.
 */
export async function reportRetirement(
  store: Store,
  activeKeyId: string,
  io: Pick<CommandIo, "stdout" | "stderr">,
): Promise<number> {
  const freed = await store.reclaimFreedSpace();
  const remaining = (await store.credentials.keyIdsInUse()).filter((id) => id !== activeKeyId);
  let code = 0;
  if (remaining.length > 0) {
    io.stderr.write(
      `secrets are still sealed with ${remaining.map((id) => JSON.stringify(id)).join(", ")}: ` +
        "a server whose active key is not the new one wrote them; restart it with the new keyring, " +
        "run `keys reencrypt` again, and keep the old keys until then\n",
    );
    code = 1;
  } else {
    io.stdout.write("no secret remains under another key\n");
  }
  switch (freed.kind) {
    case "sqlite":
      if (freed.walCheckpoint.busy) {
        io.stderr.write(
          "the database file was rewritten, but a reader kept the write-ahead log from being emptied, " +
            "and it can still hold old ciphertext: run `keys reencrypt` again when the servers are idle\n",
        );
        code = 1;
      } else {
        io.stdout.write("the database file was rewritten (VACUUM) and its write-ahead log emptied\n");
      }
      break;
    case "postgres":
      io.stdout.write(
        "PostgreSQL keeps replaced row versions until VACUUM reuses their space, and its WAL archive and " +
          "backups keep them longer: run `VACUUM FULL credentials` and let old backups expire before " +
          "treating an old key as gone\n",
      );
      break;
  }
  return code;
}
