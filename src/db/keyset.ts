/**
 * Keyset pagination, built here once for every list (child pages, compiled reads): order by a sort
 * column then id, continue strictly after the cursor's (value, id).
 *
 * A cursor carries a timestamp as a JavaScript Date (milliseconds) while PostgreSQL keeps
 * microseconds: sorting and comparing the column itself would skip or repeat rows that share a
 * millisecond across a page boundary, so timestamps are sorted and compared at the precision the
 * cursor keeps (ties broken by id).
 */
export function keysetColumn(column: string, cast: string): string {
  // in UTC, as a timestamp without time zone: date_trunc of that is immutable, so the large
  // time-ordered lists (the access audit) are read through an index on this very expression
  return cast === "timestamptz" ? `date_trunc('milliseconds', (${column}) AT TIME ZONE 'UTC')` : column;
}

/** A cursor's value (a placeholder) as keysetColumn's expression compares it. */
export function keysetValue(value: string, cast: string): string {
  return cast === "timestamptz" ? `(CAST(${value} AS timestamptz) AT TIME ZONE 'UTC')` : `CAST(${value} AS ${cast})`;
}

/** What a keyset needs of one list: its sort column (qualified by the caller), the cast of cursor values and the direction. */
export interface Keyset {
  sortColumn: string;
  sortCast: string;
  direction: "ASC" | "DESC";
}

/** `ORDER BY` terms of a keyset list on a table alias. */
export function keysetOrder(alias: string, keyset: Keyset): string {
  return `${keysetColumn(`${alias}."${keyset.sortColumn}"`, keyset.sortCast)} ${keyset.direction}, ${alias}."id" ${keyset.direction}`;
}

/** The predicate "after the cursor" on a table alias, given the placeholders of the cursor's value and id. */
export function keysetAfter(alias: string, keyset: Keyset, value: string, id: string): string {
  const sortKey = keysetColumn(`${alias}."${keyset.sortColumn}"`, keyset.sortCast);
  return `(${sortKey}, ${alias}."id") ${keyset.direction === "DESC" ? "<" : ">"} (${keysetValue(value, keyset.sortCast)}, CAST(${id} AS uuid))`;
}
