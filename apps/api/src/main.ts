import { UsageError } from "./admin/open-runtime.js";
import { keysCommand, keysUsage } from "./admin/keys-command.js";
import { tokensCommand, tokensUsage } from "./admin/tokens-command.js";
import { usersCommand, usersUsage } from "./admin/users-command.js";
import { serveCommand, serveUsage } from "./server/serve-command.js";

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  users: usersCommand,
  tokens: tokensCommand,
  keys: keysCommand,
};

const usage = `acp-api: the acp credential API

${serveUsage}

${usersUsage}

${tokensUsage}

${keysUsage}`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage + "\n");
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`acp-api: unknown command ${JSON.stringify(name)}\n\n${usage}\n`);
    return 2;
  }
  try {
    return await command(args);
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for bad flags.
    const isUsage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`acp-api ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return isUsage ? 2 : 1;
  }
}
