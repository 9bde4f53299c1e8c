import type { DescField, DescMessage, DescService, Message } from "@bufbuild/protobuf";
import { ScalarType } from "@bufbuild/protobuf";
import type { Duration, FieldMask, Timestamp } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  type FieldRule,
  limits,
  maxDurationSeconds,
  maxLabels,
  maxMaskPaths,
  requestFieldLimits,
  timestampRange,
} from "./field-limits.js";
import { excerpt, type FieldViolation, throwIfViolations } from "./request-errors.js";
import { textViolations } from "./text-limit.js";

const wellKnown: Readonly<Record<string, FieldRule["kind"]>> = {
  "google.protobuf.Timestamp": "timestamp",
  "google.protobuf.Duration": "duration",
  "google.protobuf.FieldMask": "mask",
};

/** A field that can carry unbounded data: strings, bytes, and anything repeated or nested. */
function needsRule(field: DescField): boolean {
  if (field.fieldKind === "scalar") return field.scalar === ScalarType.STRING || field.scalar === ScalarType.BYTES;
  return field.fieldKind !== "enum";
}

/** Every field of `desc` (and of the messages it nests) that needs a rule and has none, or a wrong one. */
export function missingRules(desc: DescMessage): string[] {
  const rules = requestFieldLimits[desc.typeName];
  const fields = desc.fields.filter(needsRule);
  if (fields.length === 0) return [];
  if (rules === undefined) return [`${desc.typeName}: no entry`];
  return fields.flatMap((field) => {
    const rule = rules[field.name];
    const where = `${desc.typeName}.${field.name}`;
    if (rule === undefined) return [`${where}: no rule`];
    const expected = expectedKind(field);
    if (expected !== rule.kind) return [`${where}: is ${expected ?? "unsupported"}, its rule is ${rule.kind}`];
    return field.fieldKind === "message" && rule.kind === "message" ? missingRules(field.message) : [];
  });
}

function expectedKind(field: DescField): FieldRule["kind"] | undefined {
  switch (field.fieldKind) {
    case "scalar":
      return field.scalar === ScalarType.STRING ? "text" : undefined;
    case "map":
      return field.mapKey === ScalarType.STRING && field.mapKind === "scalar" && field.scalar === ScalarType.STRING
        ? "labels"
        : undefined;
    case "message":
      return wellKnown[field.message.typeName] ?? "message";
    default:
      return undefined;
  }
}

/** The field's value, or undefined when it is unset or another member of its oneof is set. */
function fieldValue(message: Message, field: DescField): unknown {
  const record = message as unknown as Record<string, unknown>;
  if (field.oneof === undefined) return record[field.localName];
  const chosen = record[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
  return chosen?.case === field.localName ? chosen.value : undefined;
}

/** Every violation of the declared limits in `message`, each field named by its proto path. */
export function requestViolations(desc: DescMessage, message: Message, prefix = ""): FieldViolation[] {
  const rules = requestFieldLimits[desc.typeName] ?? {};
  return desc.fields.flatMap((field) => {
    const rule = rules[field.name];
    const value = fieldValue(message, field);
    if (rule === undefined || value === undefined) return [];
    const path = `${prefix}${field.name}`;
    switch (rule.kind) {
      case "text":
        return textViolations(path, value as string, rule.limit);
      case "labels":
        return labelViolations(path, value as Readonly<Record<string, string>>);
      case "mask":
        return maskViolations(path, value as FieldMask);
      case "timestamp":
        return timestampViolations(path, value as Timestamp);
      case "duration":
        return durationViolations(path, value as Duration);
      case "message":
        return field.fieldKind === "message" ? requestViolations(field.message, value as Message, `${path}.`) : [];
      default: {
        const unhandled: never = rule;
        throw new Error(`no check for rule ${JSON.stringify(unhandled)}`);
      }
    }
  });
}

function labelViolations(path: string, labels: Readonly<Record<string, string>>): FieldViolation[] {
  const entries = Object.entries(labels);
  if (entries.length > maxLabels) return [{ field: path, description: `at most ${maxLabels} labels` }];
  return entries.flatMap(([key, value]) => {
    const field = `${path}[${JSON.stringify(excerpt(key))}]`;
    const prefixed = (part: string, violations: FieldViolation[]) =>
      violations.map((v) => ({ field, description: `${part} ${v.description}` }));
    return [
      ...prefixed("key", textViolations(field, key, limits.labelKey)),
      ...prefixed("value", textViolations(field, value, limits.labelValue)),
    ];
  });
}

function maskViolations(path: string, mask: FieldMask): FieldViolation[] {
  if (mask.paths.length > maxMaskPaths) return [{ field: path, description: `at most ${maxMaskPaths} paths` }];
  const seen = new Set<string>();
  const violations: FieldViolation[] = [];
  for (const maskPath of mask.paths) {
    const problems = textViolations(path, maskPath, limits.maskPath);
    violations.push(...problems);
    if (problems.length === 0 && seen.has(maskPath))
      violations.push({ field: path, description: `lists ${JSON.stringify(maskPath)} twice` });
    seen.add(maskPath);
  }
  return violations;
}

function timestampViolations(path: string, { seconds, nanos }: Timestamp): FieldViolation[] {
  const inRange = seconds >= timestampRange.minSeconds && seconds <= timestampRange.maxSeconds;
  return inRange && nanos >= 0 && nanos < 1e9
    ? []
    : [{ field: path, description: "must be between 0001-01-01 and 9999-12-31 UTC" }];
}

function durationViolations(path: string, { seconds, nanos }: Duration): FieldViolation[] {
  const abs = seconds < 0n ? -seconds : seconds;
  const signsAgree = seconds === 0n || nanos === 0 || seconds < 0n === nanos < 0;
  return abs <= maxDurationSeconds && Math.abs(nanos) < 1e9 && signsAgree
    ? []
    : [{ field: path, description: "is not a valid duration" }];
}

type Handler = (request: Message, context: unknown) => unknown;

/**
 * The service with every request checked against requestFieldLimits before
 * its handler runs. Throws at once if a method's request has a field without
 * a rule, so an unbounded field stops the server from starting.
 */
export function withFieldLimits<S extends DescService>(service: S, impl: ServiceImpl<S>): ServiceImpl<S> {
  const checked: Record<string, Handler> = {};
  for (const method of service.methods) {
    if (method.methodKind !== "unary" && method.methodKind !== "server_streaming")
      throw new Error(`${service.typeName}.${method.name}: only single requests are checked`);
    const missing = missingRules(method.input);
    if (missing.length > 0) throw new Error(`request fields without limits: ${missing.join("; ")}`);
    const handler = (impl as unknown as Record<string, Handler>)[method.localName]!;
    checked[method.localName] = (request, context) => {
      throwIfViolations(requestViolations(method.input, request));
      return handler.call(impl, request, context);
    };
  }
  return checked as unknown as ServiceImpl<S>;
}
