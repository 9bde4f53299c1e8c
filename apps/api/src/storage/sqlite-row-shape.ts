/**
 * Turns a raw row (better-sqlite3's `.raw()`: one array of values per row)
 * into the object the statement would have returned, with properties named
 * after its columns. better-sqlite3 builds each row object in C++, setting
 * every property by name; for a session's six bound credentials (23 columns
 * each) that was about 40% of the query's time, and reading arrays into
 * objects of one literal shape is nearly free.
 *
 * The builder is generated code, `(row) => ({ "id": row[0], ... })`, because
 * only a literal gives every row one hidden class; a loop assigning by name
 * measured half the saving. The names come from SQLite's description of our
 * own compiled SQL, never from a request, and each is a JSON string literal.
 */
export function rowShape<R>(columns: readonly string[]): (row: readonly unknown[]) => R {
  // A literal's "__proto__" key would set the prototype instead of a property.
  if (columns.includes("__proto__")) throw new Error('rowShape: a column named "__proto__" cannot be a key');
  const properties = columns.map((name, i) => `${JSON.stringify(name)}: row[${i}]`);
  return new Function("row", `return { ${properties.join(", ")} };`) as (row: readonly unknown[]) => R;
}
