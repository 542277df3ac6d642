import { buildSchema, findBreakingChanges, findDangerousChanges, isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";

/**
 * How the served schema changed since the last released one (schema.released.graphql), as
 * graphql-js judges it. A breaking change must be announced in docs/schema-changes.md (its text
 * verbatim, under the release that makes it), and a field may be removed only after a release in
 * which it was deprecated: clients learn of a removal from `@deprecated`, not from a failed request.
 */
export interface SchemaChange {
  type: string;
  description: string;
  /** Whether docs/schema-changes.md names it (its description, verbatim). */
  listed: boolean;
}

export interface SchemaChanges {
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  /** Fields removed without having been deprecated in the released schema ("Type.field"). */
  removedWithoutDeprecation: string[];
}

function deprecatedFields(schema: GraphQLSchema): Set<string> {
  const found = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) if (field.deprecationReason) found.add(`${type.name}.${field.name}`);
  }
  return found;
}

export function schemaChanges(releasedSdl: string, currentSdl: string, changelog: string): SchemaChanges {
  const released = buildSchema(releasedSdl);
  const current = buildSchema(currentSdl);
  const listed = (change: { type: string; description: string }): SchemaChange => ({ ...change, listed: changelog.includes(change.description) });
  const breaking = findBreakingChanges(released, current).map(listed);
  const deprecated = deprecatedFields(released);
  const removedWithoutDeprecation = breaking
    .filter((change) => change.type === "FIELD_REMOVED")
    .map((change) => /^(\w+)\.(\w+) was removed/.exec(change.description))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]}.${match[2]}`)
    .filter((field) => !deprecated.has(field));
  return { breaking, dangerous: findDangerousChanges(released, current).map(listed), removedWithoutDeprecation };
}
