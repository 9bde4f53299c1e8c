import type { Compilable } from "kysely";
import type { PreparedStatements } from "./prepared-statements.js";

/**
 * A query built and compiled once, then run with each call's values: the hot
 * reads skip kysely's query builder and compiler, which cost more than SQLite
 * spends running them. The query is built with a unique marker in place of
 * each parameter; the markers' positions among the compiled parameters say
 * where each call's values go. Only for queries whose SQL text does not depend
 * on the values (no `in` lists, no optional clauses). The SQL then runs as
 * the driver's prepared statement.
 */
export function compileOnce<P extends object, R>(
  statements: PreparedStatements,
  names: readonly (keyof P & string)[],
  build: (params: P) => Compilable<R>,
): (params: P) => Promise<R[]> {
  const marker = (name: string) => `\u0000compileOnce:${name}`;
  const markers = Object.fromEntries(names.map((name) => [name, marker(name)])) as unknown as P;
  const compiled = build(markers).compile();
  const slots = compiled.parameters.map((value) => names.find((name) => value === marker(name)));
  for (const name of names) {
    if (!slots.includes(name)) throw new Error(`compileOnce: the query does not use parameter ${name}`);
  }
  const run = statements.prepare(compiled);
  return (params) =>
    run(slots.map((name, i) => (name === undefined ? compiled.parameters[i] : params[name as keyof P])));
}
