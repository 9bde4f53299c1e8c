import type { FieldViolation } from "./request-errors.js";

// Names travel in URLs, CLI arguments and file names, so they stay in a small
// alphabet; 63 matches a DNS label, which users already know.
const namePattern = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;

export function validateName(name: string, field = "name"): FieldViolation[] {
  if (name === "") return [{ field, description: "must not be empty" }];
  if (!namePattern.test(name)) {
    return [
      {
        field,
        description:
          "must be 1 to 63 characters of a-z, 0-9, '.', '_' or '-', starting and ending with a letter or digit",
      },
    ];
  }
  return [];
}
