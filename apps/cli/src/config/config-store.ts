import type { Writer } from "../io/index.js";
import { type CliConfig, emptyConfig } from "./cli-config.js";
import { parseConfig, serializeConfig } from "./config-codec.js";
import type { ConfigLocation } from "./config-path.js";
import { readPrivateText, writePrivateText } from "./private-files.js";

/** The config at `location`, or an empty one when there is no file yet. A file others can read gets a warning. */
export async function loadConfig(location: ConfigLocation, stderr: Writer): Promise<CliConfig> {
  const file = await readPrivateText(location.path, location.ownsDirectory);
  if (file === undefined) return emptyConfig;
  if (file.looseMode !== undefined) {
    const mode = file.looseMode.toString(8).padStart(4, "0");
    stderr.write(
      `warning: ${location.path} is readable by other users (mode ${mode}) and holds API tokens; run: chmod 600 ${location.path}\n`,
    );
  }
  return parseConfig(file.text, location.path);
}

export async function saveConfig(location: ConfigLocation, config: CliConfig): Promise<void> {
  await writePrivateText(location.path, serializeConfig(config), location.ownsDirectory);
}
