// Conversions between record fields and the column types in database-schema.ts.

/** Both drivers bind Buffers; not every version binds a bare Uint8Array. */
export function bytesToColumn(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain copy, so records never alias driver buffers or expose Buffer-only methods. */
export function bytesFromColumn(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

export function booleanToColumn(value: boolean): number {
  return value ? 1 : 0;
}

export function booleanFromColumn(value: number): boolean {
  return value !== 0;
}

export function dateFromColumn(millis: number): Date {
  return new Date(millis);
}

export function labelsToColumn(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(labels);
}

export function labelsFromColumn(json: string): Readonly<Record<string, string>> {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new TypeError("labels column does not hold a JSON object");
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw new TypeError("labels column holds a non-string value");
    labels[key] = value;
  }
  return labels;
}
