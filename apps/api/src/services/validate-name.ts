import { limits } from "./field-limits.js";
import type { FieldViolation } from "./request-errors.js";
import { textViolations } from "./text-limit.js";

/** A name that must be set; requests are checked against limits.name before, commands only here. */
export function validateName(name: string, field = "name"): FieldViolation[] {
  if (name === "") return [{ field, description: "must not be empty" }];
  return textViolations(field, name, limits.name);
}
