import { type ParseArgsConfig, parseArgs } from "node:util";

/**
 * What a command may touch of the outside world. Commands never reach for
 * `process` themselves, so a test drives one with captured output and a
 * controlled environment, without spawning.
 */
export interface CommandIo {
  /** Where values too secret for argv arrive (e.g. `audit hash`). */
  readonly stdin: AsyncIterable<Uint8Array | string>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves when the process is asked to stop (SIGTERM or SIGINT). Calling it
   * installs the handlers, so only long-running commands change how signals act.
   */
  untilStopped(): Promise<void>;
}

/** The caller got the command line wrong: exit 2 with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * A command is a parse step, which only reads its arguments and throws
 * UsageError, and a `run` that does the work. Parsing first means a mistyped
 * command line fails before anything (a database, a file) is touched.
 */
export interface Command<Options> {
  /** The words that select it, e.g. "users create". */
  readonly name: string;
  readonly usage: string;
  parse(args: readonly string[]): Options;
  run(options: Options, io: CommandIo): Promise<number>;
}

/** A command with its options type hidden, so differently-typed commands share one table. */
export interface CommandEntry {
  readonly name: string;
  readonly usage: string;
  invoke(args: readonly string[], io: CommandIo): Promise<number>;
}

export function commandEntry<Options>(command: Command<Options>): CommandEntry {
  return {
    name: command.name,
    usage: command.usage,
    invoke: (args, io) => command.run(command.parse(args), io),
  };
}

/**
 * A command made of verbs (`tokens create|list|revoke`). The verbs are data:
 * the usage, the check and the dispatch all come from one list, so they cannot
 * drift apart.
 */
export function commandGroup(name: string, verbs: readonly CommandEntry[]): CommandEntry {
  const usage = verbs.map((verb) => verb.usage).join("\n");
  return {
    name,
    usage,
    invoke(args, io) {
      const [word, ...rest] = args;
      const verb = verbs.find((v) => v.name === `${name} ${word}`);
      if (!verb) {
        const known = verbs.map((v) => v.name.slice(name.length + 1)).join(", ");
        const problem =
          word === undefined
            ? `${name}: which one? ${known}`
            : `${name}: unknown verb ${JSON.stringify(word)}; expected ${known}`;
        throw new UsageError(`${problem}\n\n${usage}`);
      }
      return verb.invoke(rest, io);
    },
  };
}

/**
 * node:util's parseArgs with its errors turned into UsageError, so every bad
 * flag exits 2 with a message, whichever command it reached.
 */
export function parseFlags<const T extends ParseArgsConfig>(args: readonly string[], config: T, usage: string) {
  try {
    return parseArgs({ ...config, args: [...args], strict: true });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError(`${(error as Error).message}\n\n${usage}`);
    }
    throw error;
  }
}
