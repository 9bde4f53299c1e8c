import type { FieldViolation } from "../request-errors.js";

const labelKeyPattern = /^[a-z0-9](?:[a-z0-9._/-]{0,61}[a-z0-9])?$/;
const maxDescription = 1024;
const maxLabels = 64;
const maxLabelValue = 256;

export function validateDescription(description: string): FieldViolation[] {
  return description.length > maxDescription
    ? [{ field: "description", description: `must be at most ${maxDescription} characters` }]
    : [];
}

export function validateLabels(labels: Readonly<Record<string, string>>): FieldViolation[] {
  const entries = Object.entries(labels);
  if (entries.length > maxLabels) return [{ field: "labels", description: `at most ${maxLabels} labels` }];
  const out: FieldViolation[] = [];
  for (const [key, value] of entries) {
    if (!labelKeyPattern.test(key)) {
      out.push({
        field: `labels[${JSON.stringify(key.slice(0, 80))}]`,
        description: "key must be 1 to 63 characters of a-z, 0-9, '.', '_', '/' or '-'",
      });
    }
    if (value.length > maxLabelValue || /\p{Cc}/u.test(value)) {
      out.push({
        field: `labels[${JSON.stringify(key.slice(0, 80))}]`,
        description: `value must be at most ${maxLabelValue} characters without control characters`,
      });
    }
  }
  return out;
}
