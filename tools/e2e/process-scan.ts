import { readdir, readFile } from "node:fs/promises";

export interface ScannedProcess {
  readonly pid: number;
  readonly argv: readonly string[];
}

/**
 * Live processes (Linux /proc) whose argv contains `arg` exactly, e.g. a test's
 * unique kubeconfig path: finds the MCP server behind npx and its wrapper, and
 * proves it is gone after a session ends. Zombies are skipped: they hold no
 * connection and will never send a request.
 */
export async function processesWithArg(arg: string): Promise<ScannedProcess[]> {
  const found: ScannedProcess[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [cmdline, stat] = await Promise.all([
        readFile(`/proc/${entry}/cmdline`, "utf8"),
        readFile(`/proc/${entry}/stat`, "utf8"),
      ]);
      // The state letter follows the parenthesised command name, which may itself hold spaces.
      if (stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z") continue;
      const argv = cmdline.split("\0").filter((part) => part !== "");
      if (argv.includes(arg)) found.push({ pid: Number(entry), argv });
    } catch {
      // Gone between readdir and read, or not ours to read.
    }
  }
  return found;
}
