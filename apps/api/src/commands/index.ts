// The acp-api command line: every command, in the order help lists them.
import { auditCommand } from "./audit-command.js";
import type { CommandEntry } from "./command.js";
import { keysCommand } from "./keys-command.js";
import { serveCommand } from "./serve-command.js";
import { tokensCommand } from "./tokens-command.js";
import { usersCommand } from "./users-command.js";

export { type CommandEntry, type CommandIo, UsageError } from "./command.js";

export const commands: readonly CommandEntry[] = [serveCommand, usersCommand, tokensCommand, keysCommand, auditCommand];
