import { readdir, readFile } from "node:fs/promises";

/**
 * Where any of `secrets` appears in `texts` or `argvs`, by position only, so a
 * failing assertion names the place without printing the secret.
 */
export function secretLeaks(
  secrets: readonly string[],
  places: { texts?: readonly string[]; argvs?: readonly (readonly string[])[] },
): string[] {
  const found: string[] = [];
  secrets.forEach((secret, s) => {
    (places.texts ?? []).forEach((text, n) => {
      if (text.includes(secret)) found.push(`secret #${s} in text #${n}`);
    });
    (places.argvs ?? []).forEach((argv, n) => {
      if (argv.some((arg) => arg.includes(secret))) found.push(`secret #${s} in argv #${n} (${argv[0]})`);
    });
  });
  return found;
}

/**
 * The argv of every live process on the machine (Linux /proc): kubectl, npx,
 * the MCP server and anything else a session started, whoever spawned it.
 */
export async function liveArgvs(): Promise<string[][]> {
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
  const read = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")));
  return read.filter((cmdline) => cmdline !== "").map((cmdline) => cmdline.split("\0").filter((arg) => arg !== ""));
}
