/**
 * The `valuesConfig` of a GraphQL enum (type-graphql's registerEnumType) from the one table that
 * says what each value means, so that a value's meaning is declared once.
 */
export function describedValues<T extends string>(meanings: Record<T, string>): Record<T, { description: string }> {
  return Object.fromEntries(Object.entries<string>(meanings).map(([value, description]) => [value, { description }])) as Record<T, { description: string }>;
}
