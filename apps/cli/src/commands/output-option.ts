import type { JsonValue } from "@bufbuild/protobuf";
import { type Command, Option } from "commander";
import { type OutputFormat, outputFormats, renderData } from "../output/index.js";
import type { CommandIo } from "./command-io.js";

/** `-o table|json|yaml` on a read command; table unless asked. */
export function addOutputOption(command: Command): void {
  command.addOption(
    new Option("-o, --output <format>", "table for people, json or yaml (proto JSON) for scripts")
      .choices(outputFormats)
      .default("table"),
  );
}

/**
 * `-o json|yaml` on a write command: without it the command says what it did
 * in one line; with it, it prints the object it made, for scripts.
 */
export function addWriteOutputOption(command: Command): void {
  command.addOption(
    new Option("-o, --output <format>", "print the result as json or yaml instead of a message").choices(
      outputFormats.filter((format) => format !== "table"),
    ),
  );
}

/** Commander checked the choices; the type follows from them. */
export function outputOf(opts: Readonly<Record<string, unknown>>): OutputFormat {
  return (opts["output"] as OutputFormat | undefined) ?? "table";
}

/** A result as a table, or as data; the data is only built when asked for. */
export function printResult(
  io: CommandIo,
  format: OutputFormat,
  result: { readonly table: () => string; readonly data: () => JsonValue },
): void {
  io.stdout.write(format === "table" ? result.table() : renderData(result.data(), format));
}
