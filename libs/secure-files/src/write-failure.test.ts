import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ensurePrivateDir } from "./ensure-private-dir.js";
import { entriesOf, scratchDirs } from "./testing/scratch.js";
import { writePrivateFile } from "./write-private-file.js";

const scratch = scratchDirs();
const tsxLoader = import.meta.resolve("tsx");
const writeChild = fileURLToPath(new URL("./testing/write-child.ts", import.meta.url));

async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(fileURLToPath(import.meta.url));
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a failed write", () => {
  it("that the kernel stops midway (file size limit) leaves the old content and no temporary file", async () => {
    const dir = await ensurePrivateDir(join(scratch(), "secrets"));
    await writePrivateFile(dir, "kubeconfig", "old");
    // 32 KiB allowed, 64 KiB written: the first write gets half in, the next
    // one fails. SIGXFSZ is ignored so the write returns EFBIG instead of
    // killing the child; an ignored signal stays ignored across exec.
    const script = `trap '' XFSZ; ulimit -f 32; exec "$0" --import "$1" "$2" "$3" kubeconfig 65536`;
    const child = spawnSync("bash", ["-c", script, process.execPath, tsxLoader, writeChild, dir], {
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({ code: "io", cause: "EFBIG" });
    expect(readFileSync(join(dir, "kubeconfig"), "utf8")).toBe("old");
    expect(entriesOf(dir)).toEqual(["kubeconfig"]);
  });

  it("that fails after every byte is written (fsync) leaves the old content and no temporary file", async () => {
    const dir = await ensurePrivateDir(join(scratch(), "secrets"));
    await writePrivateFile(dir, "token", "old");
    const sync = vi.spyOn(await fileHandlePrototype(), "sync");
    sync.mockRejectedValueOnce(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
    await expect(writePrivateFile(dir, "token", "new")).rejects.toMatchObject({
      code: "io",
      path: join(dir, "token"),
      message: `could not write ${join(dir, "token")}: EIO`,
    });
    expect(sync).toHaveBeenCalled();
    expect(readFileSync(join(dir, "token"), "utf8")).toBe("old");
    expect(entriesOf(dir)).toEqual(["token"]);
  });

  it("with contents that are not bytes creates nothing", async () => {
    const dir = await ensurePrivateDir(join(scratch(), "secrets"));
    await writePrivateFile(dir, "token", "old");
    const notBytes = {
      toString(): string {
        throw new Error("no string for you");
      },
    } as unknown as string;
    await expect(writePrivateFile(dir, "token", notBytes)).rejects.toThrow(TypeError);
    expect(readFileSync(join(dir, "token"), "utf8")).toBe("old");
    expect(entriesOf(dir)).toEqual(["token"]);
  });
});
