import { type Command, type CommandIo, commandEntry, commandGroup, parseFlags, UsageError } from "./command.js";
import { openAuditHasher } from "./open-runtime.js";
import { runtimeConfig, runtimeFlags, runtimeUsage } from "./runtime-config.js";

interface HashOptions {
  readonly dataDir: string | undefined;
  readonly dev: boolean;
}

export const auditHash: Command<HashOptions> = {
  name: "audit hash",
  usage: `acp-api audit hash ${runtimeUsage} [--dev]   < VALUE
  Prints the HMAC the audit trail keeps for VALUE (read from stdin, never argv), to search ListAuditEvents by value_hmac.`,
  parse(args) {
    const { values, positionals } = parseFlags(
      args,
      { options: { dev: { type: "boolean", default: false }, ...runtimeFlags }, allowPositionals: true },
      this.usage,
    );
    // A value on the command line would sit in shell history and the process list.
    if (positionals.length > 0)
      throw new UsageError(`the value is read from stdin, never argv\n\nusage: ${this.usage}`);
    return { dataDir: values["data-dir"], dev: values.dev };
  },
  async run(options, io) {
    // The keyring first, so a missing one is reported without waiting on stdin.
    const hasher = await openAuditHasher(runtimeConfig(options, io.env));
    const value = await readValue(io.stdin);
    if (value === "")
      throw new UsageError(`no value on stdin; pipe it in, e.g. printf %s "$VALUE" | acp-api audit hash`);
    io.stdout.write(`${hasher.hash(value)}\n`);
    return 0;
  },
};

export const auditCommand = commandGroup("audit", [commandEntry(auditHash)]);

/** All of stdin as text, less the one newline that `echo` or a file adds. */
async function readValue(stdin: CommandIo["stdin"]): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  const bytes = Buffer.concat(chunks);
  try {
    return bytes.toString("utf8").replace(/\r?\n$/, "");
  } finally {
    bytes.fill(0);
    for (const chunk of chunks) chunk.fill(0);
  }
}
