import type { Relation } from "../db/relations";
import type { DerivedValue } from "../db/derived-values";

/** One fragment of the shield map: GraphQL type → field → rule (see graphql/permissions.ts). */
export type PermissionFragment = Record<string, Record<string, unknown>>;

/**
 * What a domain module contributes to the application, declared once in `<domain>.module.ts` and
 * listed once in modules/index.ts: the data source, the schema and the shield map are derived from
 * these lists, so adding a module edits one registry.
 */
export interface DomainModule {
  name: string;
  /** TypeORM entity classes (tables) the module owns. */
  entities: Function[];
  /** type-graphql resolver classes: queries and field resolvers, then `<domain>.mutations.ts`. */
  resolvers: Function[];
  /** Shield-map fragments for the module's operations; data fields are ruled by auth/field-policy.ts. */
  permissions: PermissionFragment[];
  /** The relations the module owns (`<domain>.relations.ts`): their GraphQL fields, loaders and compiled reads are derived. */
  relations?: readonly Relation[];
  /** The values the module derives from rows (`<domain>.derived.ts`): their GraphQL fields and compiled reads are generated. */
  derived?: readonly DerivedValue[];
}
