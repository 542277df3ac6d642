import { deny, shield, type IRules } from "graphql-shield";
import type { GraphQLSchema } from "graphql";
import { GraphQLError } from "graphql";
import { FIELD_CLASSES, STRUCTURAL_TYPES, STRUCTURAL_TYPE_SUFFIXES } from "../auth/field-policy";
import { fieldRule, isAuthenticated } from "../auth/shield-rules";
import { DataClass } from "../auth/field-policy";
import { PERMISSION_FRAGMENTS } from "../modules";
import { sensitiveDataConsented } from "../modules/consent/consent-check";

/**
 * The shield map: operations from each module's fragment, data fields from the policy table,
 * structural types as a whole. Anything not named here is denied (fallbackRule).
 */
export function buildPermissionMap(schema: GraphQLSchema): Record<string, Record<string, unknown> | unknown> {
  const map: Record<string, Record<string, unknown> | unknown> = {};
  for (const fragment of PERMISSION_FRAGMENTS) {
    for (const [type, fields] of Object.entries(fragment)) {
      map[type] = { ...((map[type] as Record<string, unknown>) ?? {}), ...fields };
    }
  }
  for (const [type, fields] of Object.entries(FIELD_CLASSES)) {
    map[type] = Object.fromEntries(
      Object.entries(fields).map(([field, dataClass]) => [
        field,
        dataClass === DataClass.PUBLIC ? isAuthenticated : fieldRule(type, field, dataClass, sensitiveDataConsented),
      ]),
    );
  }
  for (const type of Object.keys(schema.getTypeMap())) {
    if (type.startsWith("__")) continue;
    if (STRUCTURAL_TYPES.includes(type) || STRUCTURAL_TYPE_SUFFIXES.some((suffix) => type.endsWith(suffix))) {
      map[type] = isAuthenticated;
    }
  }
  return map;
}

export function permissions(schema: GraphQLSchema) {
  return shield(buildPermissionMap(schema) as IRules, {
    fallbackRule: deny,
    fallbackError: () => new GraphQLError("Not allowed", { extensions: { code: "FORBIDDEN" } }),
    allowExternalErrors: true,
    debug: false,
  });
}
