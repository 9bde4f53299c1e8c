import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import { entriesOf, scratchDirs } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();
const readerChild = fileURLToPath(new URL("./testing/reader-child.cjs", import.meta.url));
const size = 64 * 1024;
const rewrites = 200;

interface ReaderReport {
  reads: number;
  bad: string[];
  badCount: number;
  versions: number;
}

// Version i is `size` copies of one letter; neighbours always differ.
function version(i: number): Buffer {
  return Buffer.alloc(size, 0x61 + (i % 26));
}

async function stop(reader: ChildProcess): Promise<ReaderReport> {
  const report = once(reader, "message");
  reader.send("stop");
  const [message] = await report;
  return message as ReaderReport;
}

describe("a reader racing the writer", () => {
  it(`never sees a partial, empty or missing file across ${rewrites} rewrites of 64 KiB`, async () => {
    const dir = await ensurePrivateDir(join(scratch(), "secrets"));
    const path = join(dir, "kubeconfig");
    await writePrivateFile(dir, "kubeconfig", version(0));
    const reader = fork(readerChild, [path, String(size)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    try {
      await once(reader, "message");
      let inode = lstatSync(path).ino;
      for (let i = 1; i <= rewrites; i++) {
        expect(await writePrivateFile(dir, "kubeconfig", version(i))).toBe("replaced");
        const replaced = lstatSync(path).ino;
        expect(replaced).not.toBe(inode);
        inode = replaced;
        // Watchers reload on every write: the same bytes again must not be one.
        expect(await writePrivateFile(dir, "kubeconfig", version(i))).toBe("unchanged");
        expect(lstatSync(path).ino).toBe(inode);
      }
      const report = await stop(reader);
      expect(report.bad).toEqual([]);
      expect(report.badCount).toBe(0);
      // Proof that the reader really ran alongside the rewrites.
      expect(report.reads).toBeGreaterThan(rewrites);
      expect(report.versions).toBeGreaterThan(1);
    } finally {
      reader.kill();
    }
    expect(entriesOf(dir)).toEqual(["kubeconfig"]);
  });
});
