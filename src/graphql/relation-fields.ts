import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from "type-graphql";
import type { ObjectLiteral } from "typeorm";
import { relationName, type Relation, type RelationFace } from "../db/relations";
import { derivedName, type DerivedValue } from "../db/derived-values";
import { toConnection } from "../shared/pagination";
import type { RequestContext } from "../auth/request-context";

/** Answers a declared relation for one parent row, through the request's relation loaders. */
export async function resolveRelation(ctx: RequestContext, relation: Relation, parent: ObjectLiteral, args: Record<string, unknown>): Promise<unknown> {
  const value = parent[relation.from];
  if (value === null || value === undefined) return relation.kind === "list" ? [] : null;
  if (relation.kind === "page") {
    const page = await ctx.loaders.relationPage(relation, args).load(String(value));
    return toConnection(page, relation.face.type() as ClassType<object>);
  }
  return ctx.loaders.relation(relation).load(String(value));
}

/** One field declared in code: its face, and how it answers for a parent row with the field's arguments. */
interface DeclaredField {
  on: () => Function;
  field: string;
  face: RelationFace;
  answer: (ctx: RequestContext, parent: ObjectLiteral, args: Record<string, unknown>) => unknown;
}

/**
 * The GraphQL fields of declared relations and derived values: one type-graphql resolver class
 * per parent type, one field per declaration with its type, arguments and description. Nothing
 * else declares these fields, so a field cannot be served in one way and compiled in another.
 */
function declaredResolvers(fields: readonly DeclaredField[]): Function[] {
  const byType = new Map<Function, DeclaredField[]>();
  for (const field of fields) {
    const on = field.on();
    byType.set(on, [...(byType.get(on) ?? []), field]);
  }
  return [...byType].map(([on, declared]) => {
    class DeclaredFields {}
    Object.defineProperty(DeclaredFields, "name", { value: `${on.name}DeclaredFields` });
    const prototype = DeclaredFields.prototype as Record<string, unknown>;
    for (const declaration of declared) {
      // type-graphql pairs a field resolver with an entity field of the same property name by method name
      const method = declaration.field;
      prototype[method] = (ctx: RequestContext, parent: ObjectLiteral, args: Record<string, unknown> = {}) => declaration.answer(ctx, parent, args);
      const face = declaration.face;
      const field = FieldResolver(face.type as () => ClassType, { name: declaration.field, nullable: face.nullable, description: face.description }) as (target: object, key: string) => void;
      field(prototype, method);
      Ctx()(prototype, method, 0);
      Root()(prototype, method, 1);
      if (face.args) Args(face.args as () => ClassType)(prototype, method, 2);
    }
    Resolver(() => on)(DeclaredFields);
    return DeclaredFields;
  });
}

/** The resolver classes of every declared relation and derived value. */
export function declaredFieldResolvers(relations: readonly Relation[], values: readonly DerivedValue[]): Function[] {
  return declaredResolvers([
    ...relations.map((relation) => ({ ...relation, answer: (ctx: RequestContext, parent: ObjectLiteral, args: Record<string, unknown>) => resolveRelation(ctx, relation, parent, args) })),
    ...values.map((value) => ({ on: value.on, field: value.field, face: value.face, answer: (ctx: RequestContext, parent: ObjectLiteral) => value.resolve(ctx, parent) })),
  ]);
}

/** The declared derived values by `<type>.<field>`. */
export function derivedByName(values: readonly DerivedValue[]): Map<string, DerivedValue> {
  return new Map(values.map((value) => [derivedName(value), value]));
}

/** The declared relations by `<type>.<field>`. */
export function relationsByName(relations: readonly Relation[]): Map<string, Relation> {
  return new Map(relations.map((relation) => [relationName(relation), relation]));
}
