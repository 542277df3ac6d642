import { Args, Ctx, FieldResolver, Resolver, Root, type ClassType } from "type-graphql";
import type { ObjectLiteral } from "typeorm";
import { relationName, type Relation } from "../db/relations";
import { toConnection } from "../shared/pagination";
import type { RequestContext } from "./context";

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

/**
 * The GraphQL fields of the declared relations: one type-graphql resolver class per parent type,
 * one field per relation with the declaration's type, arguments and description. Nothing else
 * declares these fields, so a relation cannot be served in one way and compiled in another.
 */
export function relationResolvers(relations: readonly Relation[]): Function[] {
  const byType = new Map<Function, Relation[]>();
  for (const relation of relations) {
    const on = relation.on();
    byType.set(on, [...(byType.get(on) ?? []), relation]);
  }
  return [...byType].map(([on, declared]) => {
    class RelationFields {}
    Object.defineProperty(RelationFields, "name", { value: `${on.name}RelationFields` });
    const prototype = RelationFields.prototype as Record<string, unknown>;
    for (const relation of declared) {
      const method = `relation_${relation.field}`;
      prototype[method] = (ctx: RequestContext, parent: ObjectLiteral, args: Record<string, unknown> = {}) => resolveRelation(ctx, relation, parent, args);
      const face = relation.face;
      const field = FieldResolver(face.type as () => ClassType, { name: relation.field, nullable: face.nullable, description: face.description }) as (target: object, key: string) => void;
      field(prototype, method);
      Ctx()(prototype, method, 0);
      Root()(prototype, method, 1);
      if (face.args) Args(face.args as () => ClassType)(prototype, method, 2);
    }
    Resolver(() => on)(RelationFields);
    return RelationFields;
  });
}

/** The declared relations by `<type>.<field>`. */
export function relationsByName(relations: readonly Relation[]): Map<string, Relation> {
  return new Map(relations.map((relation) => [relationName(relation), relation]));
}
