/**
 * A list of the code's own constants (enum values, statuses) as SQL string literals, for an `IN (…)` that must
 * be planned against a partial index's predicate (a bound array parameter would not match the predicate).
 * Only for values declared in the code, never for caller input.
 */
export const sqlList = (values: readonly string[]): string => values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", ");
