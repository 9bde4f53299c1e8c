import type { FieldMask } from "@bufbuild/protobuf/wkt";
import { excerpt, type FieldViolation } from "../request-errors.js";

export const updatablePaths = ["name", "secret", "url", "email", "description", "labels", "allow_insecure"] as const;
export type UpdatablePath = (typeof updatablePaths)[number];

export type ParsedMask =
  | { readonly ok: true; readonly paths: ReadonlySet<UpdatablePath> }
  | { readonly ok: false; readonly violations: FieldViolation[] };

// JSON clients send lowerCamelCase paths; accept both spellings of each.
const aliases: Readonly<Record<string, UpdatablePath>> = { allowInsecure: "allow_insecure" };

export function parseUpdateMask(mask: FieldMask | undefined): ParsedMask {
  if (!mask || mask.paths.length === 0) {
    return {
      ok: false,
      violations: [
        { field: "update_mask", description: `must list the fields to change: ${updatablePaths.join(", ")}` },
      ],
    };
  }
  const paths = new Set<UpdatablePath>();
  const violations: FieldViolation[] = [];
  for (const raw of mask.paths) {
    const path = aliases[raw] ?? raw;
    if (paths.has(path as UpdatablePath)) {
      // Twice, or in both spellings: a client that sends this has lost track of what it changes.
      violations.push({ field: "update_mask", description: `lists ${path} more than once` });
    } else if ((updatablePaths as readonly string[]).includes(path)) {
      paths.add(path as UpdatablePath);
    } else if (path === "provider") {
      violations.push({ field: "update_mask", description: "provider cannot change; create a new credential instead" });
    } else {
      violations.push({
        field: "update_mask",
        description: `unknown field ${JSON.stringify(excerpt(raw))}; updatable: ${updatablePaths.join(", ")}`,
      });
    }
  }
  return violations.length > 0 ? { ok: false, violations } : { ok: true, paths };
}
