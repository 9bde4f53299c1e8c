import * as proto from "@acp/proto";
import { maxUrlBytes } from "@acp/providers";
import { create, type DescMessage, type DescService } from "@bufbuild/protobuf";
import { DurationSchema, FieldMaskSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { missingRules, requestViolations, withFieldLimits } from "./check-request.js";
import { limits, requestFieldLimits } from "./field-limits.js";

const isService = (value: unknown): value is DescService =>
  typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "service";
const acpServices = (Object.values(proto) as unknown[]).filter(isService).filter((s) => s.typeName.startsWith("acp."));

/** Every message a request of `services` is or holds, by type name. */
function reachable(services: readonly DescService[]): Map<string, DescMessage> {
  const found = new Map<string, DescMessage>();
  const visit = (desc: DescMessage) => {
    if (found.has(desc.typeName) || desc.typeName.startsWith("google.")) return;
    found.set(desc.typeName, desc);
    for (const field of desc.fields) if (field.fieldKind === "message") visit(field.message);
  };
  for (const service of services) for (const method of service.methods) visit(method.input);
  return found;
}

describe("the field limits table", () => {
  it("covers every acp service", () => {
    expect(acpServices.map((s) => s.name).sort()).toEqual([
      "AuditService",
      "BindingService",
      "CredentialService",
      "ProjectService",
      "SessionService",
      "UserService",
    ]);
  });

  it("has a rule for every string, map, list and message field of every request", () => {
    const missing = acpServices.flatMap((s) => s.methods.flatMap((m) => missingRules(m.input)));
    expect(missing).toEqual([]);
  });

  it("names only request messages and fields that exist", () => {
    const messages = reachable(acpServices);
    for (const [typeName, rules] of Object.entries(requestFieldLimits)) {
      const desc = messages.get(typeName);
      expect(desc, typeName).toBeDefined();
      const fields = desc!.fields.map((f) => f.name);
      for (const field of Object.keys(rules)) expect(fields, `${typeName}.${field}`).toContain(field);
    }
  });

  it("holds the bounds the API promises", () => {
    expect(limits.url).toMatchObject({ max: 2048, unit: "bytes" });
    expect(limits.url.max).toBe(maxUrlBytes);
    expect(limits.name.max).toBe(63);
    expect(limits.reference.max).toBe(64);
    expect(limits.description).toMatchObject({ max: 1024, characters: "text" });
    expect(limits.tokenDescription).toMatchObject({ max: 256, characters: "text" });
    expect(limits.labelValue.max).toBe(256);
    expect(limits.secret).toMatchObject({ max: 1024 * 1024, unit: "bytes", characters: "opaque" });
    // Each text field is bounded well below what a body could carry.
    for (const [name, limit] of Object.entries(limits)) expect(limit.max, name).toBeLessThanOrEqual(1024 * 1024);
  });

  it("reports a message without an entry, and a service whose request has one is refused at start", () => {
    expect(missingRules(proto.CredentialSchema)).toEqual(["acp.credentials.v1.Credential: no entry"]);
    expect(() =>
      withFieldLimits(proto.Health, { check: () => ({}), list: () => ({}), watch: async function* () {} }),
    ).toThrow(/request fields without limits: grpc\.health\.v1\.HealthCheckRequest: no entry/);
  });
});

describe("requestViolations", () => {
  const violations = <Desc extends DescMessage>(schema: Desc, init: Parameters<typeof create<Desc>>[1]) =>
    requestViolations(schema, create(schema, init));

  it("names nested fields by their proto path, and oneof members only when set", () => {
    const bound = violations(proto.CreateBindingRequestSchema, {
      credentialId: "c\u0000",
      target: { case: "agent", value: { projectId: "p1", agent: "Not A Name" } },
    });
    expect(bound.map((v) => v.field)).toEqual(["credential_id", "agent.agent"]);
    const byId = violations(proto.GetCredentialRequestSchema, { lookup: { case: "id", value: "x".repeat(65) } });
    expect(byId).toEqual([{ field: "id", description: "must be at most 64 characters" }]);
  });

  it("checks label count, keys and values, quoting a long key only in part", () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expect(violations(proto.CreateCredentialRequestSchema, { labels: many })).toEqual([
      { field: "labels", description: "at most 64 labels" },
    ]);
    const [key, value] = violations(proto.CreateCredentialRequestSchema, {
      labels: { ["K".repeat(100)]: "ok", team: "a\u202Eb" },
    });
    expect(key!.field).toBe(`labels["${"K".repeat(64)}…"]`);
    expect(key!.description).toMatch(/^key must be at most 63 characters/);
    expect(value).toMatchObject({
      field: 'labels["team"]',
      description: expect.stringMatching(/^value .*bidirectional/),
    });
  });

  it("refuses an update mask with too many paths, a repeated path, or a bad one", () => {
    const mask = (...paths: string[]) => ({ updateMask: create(FieldMaskSchema, { paths }) });
    expect(violations(proto.UpdateCredentialRequestSchema, mask(...Array(17).fill("name")))).toEqual([
      { field: "update_mask", description: "at most 16 paths" },
    ]);
    expect(violations(proto.UpdateCredentialRequestSchema, mask("name", "labels", "name"))).toEqual([
      { field: "update_mask", description: 'lists "name" twice' },
    ]);
    expect(violations(proto.UpdateCredentialRequestSchema, mask("name\u0000"))).toHaveLength(1);
  });

  it.each([
    [-62_135_596_800n, 0, true],
    [253_402_300_799n, 999_999_999, true],
    [-62_135_596_801n, 0, false],
    [253_402_300_800n, 0, false],
    [10n ** 15n, 0, false],
    [0n, -1, false],
  ])("holds a timestamp of %i s + %i ns to 0001-01-01..9999-12-31: %s", (seconds, nanos, ok) => {
    const startTime = create(TimestampSchema, { seconds, nanos });
    expect(violations(proto.ListAuditEventsRequestSchema, { startTime })).toHaveLength(ok ? 0 : 1);
  });

  it.each([
    [3600n, 0, true],
    [-1n, -5, true],
    [315_576_000_001n, 0, false],
    [1n, -1, false],
    [0n, 1_000_000_000, false],
  ])("holds a duration of %i s + %i ns to protobuf's own range: %s", (seconds, nanos, ok) => {
    const ttl = create(DurationSchema, { seconds, nanos });
    expect(violations(proto.CreateSessionRequestSchema, { ttl })).toHaveLength(ok ? 0 : 1);
  });
});
