import type { DescEnum } from "@bufbuild/protobuf";

// Enum values as people read and type them, derived from the proto so a new
// value (a role, a tier, an audit action) needs no CLI change:
// BINDING_TIER_AGENT is "agent", AUDIT_ACTION_SECRET_READ is "secret-read".

/** The value's name without the enum's shared prefix; a number this acpctl does not know is shown as one. */
export function enumLabel(schema: DescEnum, value: number): string {
  const known = schema.value[value];
  return known === undefined ? String(value) : known.localName.toLowerCase().replaceAll("_", "-");
}

/** Every value's label but the zero one's (UNSPECIFIED), for a flag's choices. */
export function enumChoices(schema: DescEnum): string[] {
  return schema.values.filter((value) => value.number !== 0).map((value) => enumLabel(schema, value.number));
}

/** The number a label names; undefined for a label no value has. */
export function enumValueOf(schema: DescEnum, label: string): number | undefined {
  return schema.values.find((value) => value.number !== 0 && enumLabel(schema, value.number) === label)?.number;
}
