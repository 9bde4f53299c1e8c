import { type Credential, CredentialSchema } from "@acp/proto";
import type { CredentialSummary } from "@acp/providers";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { CredentialRecord } from "../../storage/index.js";

const noSummary = new Uint8Array(0);

/**
 * The summary is stored as a Credential holding only its oneof, so a new
 * summary kind added to the proto needs no new column or migration.
 */
export function encodeSummary(summary: CredentialSummary): Uint8Array {
  return summary.case === undefined ? noSummary : toBinary(CredentialSchema, create(CredentialSchema, { summary }));
}

/** The summary oneof as stored; sessions hand it to runners in their own messages. */
export function decodeSummary(bytes: Uint8Array): CredentialSummary {
  return bytes.length === 0 ? { case: undefined } : fromBinary(CredentialSchema, bytes).summary;
}

export function credentialToProto(record: CredentialRecord): Credential {
  return create(CredentialSchema, {
    id: record.id,
    name: record.name,
    provider: record.provider,
    url: record.url,
    email: record.email,
    description: record.description,
    labels: { ...record.labels },
    ownerId: record.ownerId,
    allowInsecure: record.allowInsecure,
    createTime: timestampFromDate(record.createTime),
    updateTime: timestampFromDate(record.updateTime),
    summary: decodeSummary(record.summary),
  });
}
