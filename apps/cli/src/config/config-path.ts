import { homedir } from "node:os";
import { join } from "node:path";

export interface ConfigLocation {
  readonly path: string;
  /**
   * Whether the path is acpctl's own default (…/acpctl/config.yaml), whose
   * directory acpctl may tighten to 0700; a directory named by ACPCTL_CONFIG
   * is the user's and is refused, not changed, when it is open to others.
   */
  readonly ownsDirectory: boolean;
}

/** $ACPCTL_CONFIG, else $XDG_CONFIG_HOME/acpctl/config.yaml, else ~/.config/acpctl/config.yaml. */
export function configLocation(env: Readonly<Record<string, string | undefined>>): ConfigLocation {
  const explicit = env["ACPCTL_CONFIG"];
  if (explicit) return { path: explicit, ownsDirectory: false };
  const base = env["XDG_CONFIG_HOME"] || join(env["HOME"] || homedir(), ".config");
  return { path: join(base, "acpctl", "config.yaml"), ownsDirectory: true };
}
