/** A moment in UTC RFC 3339 to the second, as a trail is read and compared: "2026-02-01T12:00:00Z"; "" when unknown. */
export function utcTime(at: Date | undefined): string {
  return at === undefined ? "" : at.toISOString().replace(/\.\d{3}Z$/, "Z");
}
