import { describe, expect, it } from "vitest";
import { capturedIo } from "../testing/captured-io.js";
import { credentialInput } from "../testing/credential-test-fixtures.js";
import { testBackends } from "../testing/test-databases.js";
import { useTestStore } from "../testing/test-store.js";
import { reportRetirement } from "./report-retirement.js";

describe.each(testBackends)("the retirement report on $name", (backend) => {
  const ctx = useTestStore(backend);

  it("fails, naming the key, while a secret is still sealed with another key", async () => {
    const { store } = ctx();
    const owner = await store.users.create({ name: "alice", admin: false });
    await store.credentials.insert(credentialInput(owner.id, { secret: { keyId: "k1", sealed: new Uint8Array([1]) } }));
    const io = capturedIo();
    expect(await reportRetirement(store, "k2", io)).toBe(1);
    expect(io.stderrText()).toMatch(
      /^secrets are still sealed with "k1": a server whose active key is not the new one/,
    );
    expect(io.stdoutText()).not.toMatch(/no secret remains/);

    const done = capturedIo();
    expect(await reportRetirement(store, "k1", done)).toBe(0);
    expect(done.stderrText()).toBe("");
    expect(done.stdoutText()).toMatch(
      backend.name === "sqlite" ? /rewritten \(VACUUM\) and its write-ahead log emptied/ : /VACUUM FULL credentials/,
    );
  });
});
