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

// The registry toJson resolves an Any's type in: the message's own file and
// every file it imports, found rather than listed, so a new proto file prints
// without a change here. (The contract holds no Any today.) Not every file of
// the contract: importing them all would decode every descriptor in a
// command that uses one service.
const registries = new WeakMap<DescFile, Registry>();
function fileRegistry(file: DescFile): Registry {
  const known = registries.get(file);
  if (known !== undefined) return known;
  const files = new Set<DescFile>();
  const visit = (at: DescFile): void => {
    if (files.has(at)) return;
    files.add(at);
    for (const dependency of at.dependencies) visit(dependency);
  };
  visit(file);
  const registry = createRegistry(...files);
  registries.set(file, registry);
  return registry;
}

/** The message's canonical proto JSON, the same the Connect API answers with. */
export function messageJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
  return toJson(schema, message, { registry: fileRegistry(schema.file) });
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
