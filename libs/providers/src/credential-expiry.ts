import { CredentialSchema, SessionCredentialSchema } from "@acp/proto";
import { type DescField, type DescMessage, type Message, ScalarType } from "@bufbuild/protobuf";
import { reflect } from "@bufbuild/protobuf/reflect";
import { type Timestamp, TimestampSchema, timestampDate } from "@bufbuild/protobuf/wkt";

/** When a credential stops working, as far as its non-secret summary can tell. */
export interface CredentialExpiry {
  /** The earliest of the summary's `*_expire_time` fields; undefined when it has none set. */
  readonly expireTime: Date | undefined;
  /** The summary's `notes`: advice its facts cannot express, such as a lifetime the summary cannot know. */
  readonly notes: readonly string[];
}

export interface ExpiringCredential {
  readonly name: string;
  /** The message in the credential's `summary` oneof, if any. */
  readonly summary: Message | undefined;
}

const unknown: CredentialExpiry = { expireTime: undefined, notes: [] };

// A summary is one of the messages in a credential's `summary` oneof. They are
// found here by reflection, so a provider that adds its own summary to the
// proto needs no change in this file.
const summarySchemas: ReadonlyMap<string, DescMessage> = new Map(
  [SessionCredentialSchema, CredentialSchema].flatMap((schema) =>
    schema.oneofs
      .filter((oneof) => oneof.name === "summary")
      .flatMap((oneof) => oneof.fields)
      .flatMap((field) => (field.message === undefined ? [] : [[field.message.typeName, field.message] as const])),
  ),
);

/**
 * Reads any summary message by reflection: every `google.protobuf.Timestamp`
 * field whose name ends in `expire_time` (a token's `exp`, a certificate's
 * notAfter) and a `repeated string notes` field. A message that is not a
 * known summary has no known expiry.
 */
export function credentialExpiry(summary: Message | undefined): CredentialExpiry {
  const schema = summary && summarySchemas.get(summary.$typeName);
  if (summary === undefined || schema === undefined) return unknown;
  const message = reflect(schema, summary, false);
  let expireTime: Date | undefined;
  const notes: string[] = [];
  for (const field of schema.fields) {
    if (isExpireTime(field) && message.isSet(field)) {
      const date = timestampDate(message.get(field).message as Timestamp);
      if (expireTime === undefined || date < expireTime) expireTime = date;
    } else if (isNotes(field)) {
      for (const note of message.get(field)) if (typeof note === "string" && note !== "") notes.push(note);
    }
  }
  return { expireTime, notes };
}

function isExpireTime(field: DescField): field is DescField & { fieldKind: "message" } {
  return (
    field.fieldKind === "message" &&
    field.message.typeName === TimestampSchema.typeName &&
    field.name.endsWith("expire_time")
  );
}

function isNotes(field: DescField): field is DescField & { fieldKind: "list" } {
  return (
    field.name === "notes" &&
    field.fieldKind === "list" &&
    field.listKind === "scalar" &&
    field.scalar === ScalarType.STRING
  );
}

/**
 * What to tell the user at the start of a session, one line each: every
 * credential whose known expiry comes before the session's end (no line when
 * the session has no end), then each credential's notes.
 */
export function expiryWarnings(credentials: readonly ExpiringCredential[], sessionEnd: Date | undefined): string[] {
  const lines: string[] = [];
  for (const credential of credentials) {
    const { expireTime, notes } = credentialExpiry(credential.summary);
    const label = `credential ${JSON.stringify(credential.name)}`;
    if (expireTime !== undefined && sessionEnd !== undefined && expireTime < sessionEnd) {
      lines.push(
        `${label} expires at ${expireTime.toISOString()}, before the session ends at ${sessionEnd.toISOString()}`,
      );
    }
    for (const note of notes) lines.push(`${label}: ${note}`);
  }
  return lines;
}
