import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { parseUpdateMask } from "./update-mask.js";

const mask = (...paths: string[]) => create(FieldMaskSchema, { paths });

describe("parseUpdateMask", () => {
  it("accepts snake_case and JSON camelCase paths", () => {
    const parsed = parseUpdateMask(mask("secret", "allowInsecure", "labels"));
    expect(parsed.ok && [...parsed.paths].sort()).toEqual(["allow_insecure", "labels", "secret"]);
  });

  it("requires a non-empty mask", () => {
    expect(parseUpdateMask(undefined)).toMatchObject({ ok: false, violations: [{ field: "update_mask" }] });
    expect(parseUpdateMask(mask())).toMatchObject({ ok: false });
  });

  it("explains that the provider cannot change and names unknown paths", () => {
    const parsed = parseUpdateMask(mask("provider", "owner_id"));
    expect(parsed.ok).toBe(false);
    const text = !parsed.ok ? parsed.violations.map((v) => v.description).join("|") : "";
    expect(text).toMatch(/provider cannot change/);
    expect(text).toMatch(/unknown field "owner_id"/);
  });

  it("refuses a path listed twice, also in its two spellings", () => {
    for (const paths of [
      ["labels", "labels"],
      ["allow_insecure", "allowInsecure"],
    ]) {
      const parsed = parseUpdateMask(mask(...paths));
      expect(parsed).toMatchObject({ ok: false, violations: [{ field: "update_mask" }] });
      expect(!parsed.ok && parsed.violations[0]!.description).toMatch(/lists (labels|allow_insecure) more than once/);
    }
  });

  it("quotes at most 64 characters of an unknown path", () => {
    const parsed = parseUpdateMask(mask("x".repeat(10_000)));
    expect(!parsed.ok && parsed.violations[0]!.description).toContain(`"${"x".repeat(64)}…"`);
  });
});
