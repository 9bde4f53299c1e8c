// Server-side printing: `kubectl get` asks for meta.k8s.io Table and prints
// its columns; the object in each row carries the metadata kubectl needs for
// the NAMESPACE column of --all-namespaces.

interface Column {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
}

const namespaceColumns: Column[] = [
  { name: "Name", type: "string", format: "name" },
  { name: "Status", type: "string" },
  { name: "Age", type: "string" },
];

const podColumns: Column[] = [
  { name: "Name", type: "string", format: "name" },
  { name: "Ready", type: "string" },
  { name: "Status", type: "string" },
  { name: "Restarts", type: "string" },
  { name: "Age", type: "string" },
];

/** Whether an Accept header asks for a Table (kubectl get does; the MCP server with --list-output yaml does not). */
export function wantsTable(accept: string | undefined): boolean {
  return accept?.includes("as=Table") ?? false;
}

function table(
  columns: Column[],
  rows: { cells: string[]; object: Record<string, unknown> }[],
): Record<string, unknown> {
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { resourceVersion: "1" },
    columnDefinitions: columns.map((c) => ({ format: "", description: "", priority: 0, ...c })),
    rows: rows.map((r) => ({
      cells: r.cells,
      object: { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: r.object.metadata },
    })),
  };
}

export function namespaceTable(items: Record<string, unknown>[]): Record<string, unknown> {
  return table(
    namespaceColumns,
    items.map((object) => ({ cells: [nameOf(object), "Active", "1y"], object })),
  );
}

export function podTable(items: Record<string, unknown>[]): Record<string, unknown> {
  return table(
    podColumns,
    items.map((object) => ({ cells: [nameOf(object), "1/1", "Running", "0", "1y"], object })),
  );
}

function nameOf(object: Record<string, unknown>): string {
  return (object.metadata as { name: string }).name;
}
