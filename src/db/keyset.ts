/**
 * The expression a keyset-paginated list sorts and compares by. A cursor carries a timestamp as a
 * JavaScript Date (milliseconds) while PostgreSQL keeps microseconds: sorting and comparing the
 * column itself would skip or repeat rows that share a millisecond across a page boundary, so
 * timestamps are sorted and compared at the precision the cursor keeps (ties broken by id).
 */
export function keysetColumn(column: string, cast: string): string {
  return cast === "timestamptz" ? `date_trunc('milliseconds', ${column})` : column;
}
