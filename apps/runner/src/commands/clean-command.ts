import { cleanSession, UsageError } from "../session/index.js";
import { absolute } from "./session-flags.js";
import type { Verb } from "./verb.js";

export interface CleanOptions {
  readonly secretsDir: string;
}

/** Undoes `prepare`: the files, the directory, and the workdir's `.mcp.json` as it was. */
export const cleanVerb: Verb<CleanOptions> = {
  spec: "clean",
  summary: "remove what prepare left: the secrets directory and the workdir's MCP config",
  configure(command) {
    command.option("--secrets-dir <dir>", "the directory prepare printed as secretsDir");
  },
  parse({ opts }, io) {
    const dir = opts.secretsDir as string | undefined;
    if (dir === undefined || dir === "") throw new UsageError("--secrets-dir is required");
    return { secretsDir: absolute(dir, io.cwd) };
  },
  async run(options, _io, log) {
    await cleanSession(options.secretsDir, log);
    return 0;
  },
};
