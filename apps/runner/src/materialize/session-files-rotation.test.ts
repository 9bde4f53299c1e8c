import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { kubeconfigCredential } from "./fixtures/credentials.js";
import { captureLog, scratchDirs } from "./fixtures/scratch.js";
import { applied } from "./fixtures/session.js";
import { openSecretsDir } from "./secrets-dir.js";
import { SessionFiles } from "./session-files.js";

const scratch = scratchDirs();
const readerChild = fileURLToPath(new URL("./fixtures/kubeconfig-reader-child.cjs", import.meta.url));
const rotations = 100;

interface ReaderReport {
  reads: number;
  bad: string[];
  badCount: number;
  versions: number;
}

// Same length for every version, so a short read is visible as one.
const token = (i: number) => `rot-${String(i).padStart(6, "0")}`;

async function stop(reader: ChildProcess): Promise<ReaderReport> {
  const report = once(reader, "message");
  reader.send("stop");
  const [message] = await report;
  return message as ReaderReport;
}

it(`a reader in a tight loop never sees a partial, empty or missing kubeconfig across ${rotations} rotations`, async () => {
  const dir = await openSecretsDir({ explicit: join(scratch(), "secrets"), sessionId: "s-1", env: {} });
  const files = await SessionFiles.open({ dir, workdir: undefined, log: captureLog() });
  const path = join(dir.path, "kubeconfig");
  applied(await files.apply([kubeconfigCredential(token(0))]));
  const size = kubeconfigCredential(token(0)).secret.length;
  const reader = fork(readerChild, [path, String(size)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  try {
    await once(reader, "message");
    let inode = lstatSync(path).ino;
    for (let i = 1; i <= rotations; i++) {
      expect(applied(await files.apply([kubeconfigCredential(token(i))])).changed).toEqual(["cluster"]);
      const replaced = lstatSync(path).ino;
      expect(replaced).not.toBe(inode);
      inode = replaced;
    }
    const report = await stop(reader);
    expect(report.bad).toEqual([]);
    expect(report.badCount).toBe(0);
    // Proof that the reader ran alongside the rotations.
    expect(report.reads).toBeGreaterThan(rotations);
    expect(report.versions).toBeGreaterThan(1);
  } finally {
    reader.kill();
  }
  await files.wipe();
});
