/** A column a batch writes: the row's property, the table's column, its SQL type (of the staging column, of UNNEST's array). */
export type WriteColumn = [property: string, column: string, type: string];

/** `unnest($1::t[], $2::t[], …)` over the columns, the arrays as parameters from `first`. */
export function unnestOf(types: string[], first = 1): string {
  return `unnest(${types.map((type, i) => `$${first + i}::${type}[]`).join(", ")})`;
}

/** One array per column, in the columns' order (missing values as null). */
export function columnArrays(columns: readonly WriteColumn[], rows: readonly object[]): unknown[][] {
  return columns.map(([property]) => rows.map((row) => (row as Record<string, unknown>)[property] ?? null));
}
