/**
 * Columns padded to their widest cell with three spaces between, as kubectl
 * prints them; the last column is not padded, so lines carry no trailing
 * blanks.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) =>
    header
      .map((_, column) => {
        const cell = row[column] ?? "";
        return column === header.length - 1 ? cell : cell.padEnd(widths[column]!);
      })
      .join("   ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}
