/** The path of problems that concern the whole file rather than one field. */
export const documentPath = "(document)";

export function fieldPath(parent: string, key: string): string {
  // An empty key still needs a visible segment, or the path could be empty.
  const segment = key === "" ? '""' : key;
  return parent === "" ? segment : `${parent}.${segment}`;
}

export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
