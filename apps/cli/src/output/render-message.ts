import * as contract from "@acp/proto";
import {
  createRegistry,
  type DescFile,
  type DescMessage,
  type JsonValue,
  type MessageShape,
  type Registry,
  toJson,
} from "@bufbuild/protobuf";
import { stringify } from "yaml";
import type { DataFormat } from "./output-format.js";

// Every file of the contract, found rather than listed, so a message that
// someday holds an Any, or a new proto file, prints without a change here.
// Built on the first -o json|yaml rather than at start-up: a table never
// needs it, and it cost every run ~2.7 ms.
let registry: Registry | undefined;
const protoRegistry = (): Registry =>
  (registry ??= createRegistry(
    ...Object.values(contract).filter((value): value is DescFile => (value as { kind?: unknown }).kind === "file"),
  ));

/** The message's canonical proto JSON, the same the Connect API answers with. */
export function messageJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
  return toJson(schema, message, { registry: protoRegistry() });
}

/** JSON or YAML of data that is already JSON-shaped; both end with a newline. */
export function renderData(data: JsonValue, format: DataFormat): string {
  // The yaml library's default would wrap long strings, such as a provider's help, across lines.
  return format === "json" ? `${JSON.stringify(data, null, 2)}\n` : stringify(data, { lineWidth: 0 });
}

export function renderMessage<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  format: DataFormat,
): string {
  return renderData(messageJson(schema, message), format);
}
