import type { Logger } from "../logging/index.js";
import { cleanSecretsDir } from "../materialize/index.js";

/** `clean`: what `prepare` left, removed as a runner's end would have removed it. */
export async function cleanSession(secretsDir: string, log: Logger): Promise<void> {
  const removed = await cleanSecretsDir({ dir: secretsDir, log });
  log.info(removed ? "removed the prepared session" : "nothing to remove", { secretsDir });
}
