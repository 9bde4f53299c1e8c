import type { Command } from "commander";
import { readTextInput, UsageError } from "../io/index.js";
import type { CommandIo } from "./command-io.js";

/** Where a credential's secret comes from; on argv only when the user insisted. */
export type SecretSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "stdin" }
  | { readonly kind: "argv"; readonly value: string }
  // Nothing given: ask on the terminal, or refuse when there is none.
  | { readonly kind: "prompt" };

export function addSecretOptions(command: Command): void {
  command
    .option("--secret-file <path>", "read the secret from PATH, or from stdin with -")
    .option("--token-file <path>", "the same as --secret-file")
    .option("--secret <value>", "the secret itself; it leaks into the process list and shell history");
}

/** The one source the flags name; undefined when none is named. */
export function parseSecretSource(opts: Readonly<Record<string, unknown>>): SecretSource | undefined {
  const given = (["secretFile", "tokenFile", "secret"] as const).filter((key) => typeof opts[key] === "string");
  if (given.length > 1) throw new UsageError("give the secret once: --secret-file, --token-file or --secret");
  const path = (opts["secretFile"] ?? opts["tokenFile"]) as string | undefined;
  if (path !== undefined) return path === "-" ? { kind: "stdin" } : { kind: "file", path };
  if (typeof opts["secret"] === "string") return { kind: "argv", value: opts["secret"] };
  return undefined;
}

/** The secret's text. A secret on argv is used, with the warning it deserves. */
export async function readSecret(source: SecretSource, io: CommandIo, label: string): Promise<string> {
  switch (source.kind) {
    case "file":
      return readTextInput(source.path, io.stdin, "--secret-file");
    case "stdin":
      return readTextInput("-", io.stdin, "--secret-file");
    case "argv":
      io.stderr.write(
        "warning: --secret puts the secret in the process list and your shell history; use --secret-file PATH, or --secret-file - to read stdin\n",
      );
      return source.value;
    case "prompt":
      if (!io.stdinIsTty) {
        throw new UsageError("no secret given; use --secret-file PATH, or --secret-file - to read it from stdin");
      }
      return io.prompt.hidden(`${label} (input hidden): `);
  }
}
