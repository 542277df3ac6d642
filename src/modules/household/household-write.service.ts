import type { RequestContext } from "../../auth/request-context";
import { BadUserInputError, NotFoundError } from "../../shared/errors";
import { Customer } from "../customer/customer.entity";
import { requireCustomer } from "../customer/customer.service";
import { Relationship, RelationshipKind } from "./relationship.entity";

/**
 * A row (customer → related, kind) says "related is <kind> of customer"; the reverse row says
 * what the customer is to the related customer.
 */
export const REVERSE_KIND: Record<RelationshipKind, RelationshipKind> = {
  CHILD: RelationshipKind.PARENT,
  PARENT: RelationshipKind.CHILD,
  SPOUSE: RelationshipKind.SPOUSE,
  EMPLOYER: RelationshipKind.EMPLOYEE,
  EMPLOYEE: RelationshipKind.EMPLOYER,
  OTHER: RelationshipKind.OTHER,
};

/** Both customers must be in the caller's scope (else NOT_FOUND) and distinct. */
async function requirePair(ctx: RequestContext, customerId: string, relatedCustomerId: string): Promise<[Customer, Customer]> {
  const [customer, related] = await Promise.all([requireCustomer(ctx, customerId), requireCustomer(ctx, relatedCustomerId)]);
  if (customer.id === related.id) throw new BadUserInputError("A customer cannot be related to themself", { field: "relatedCustomerId" });
  return [customer, related];
}

/** Links two customers both ways in one transaction; linking an existing link again changes nothing. */
export async function linkRelationship(ctx: RequestContext, customerId: string, relatedCustomerId: string, kind: RelationshipKind): Promise<Customer> {
  const [customer, related] = await requirePair(ctx, customerId, relatedCustomerId);
  return ctx.db.transaction(async (manager) => {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Relationship)
      .values([
        { customerId: customer.id, relatedCustomerId: related.id, kind },
        { customerId: related.id, relatedCustomerId: customer.id, kind: REVERSE_KIND[kind] },
      ])
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(Customer, { id: customer.id });
  });
}

/** Removes a link in both directions; NOT_FOUND when there is no such link. */
export async function unlinkRelationship(ctx: RequestContext, customerId: string, relatedCustomerId: string, kind: RelationshipKind): Promise<Customer> {
  const [customer, related] = await requirePair(ctx, customerId, relatedCustomerId);
  return ctx.db.transaction(async (manager) => {
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(Relationship)
      .where("(customer_id = :a AND related_customer_id = :b AND kind = :kind) OR (customer_id = :b AND related_customer_id = :a AND kind = :reverse)", {
        a: customer.id,
        b: related.id,
        kind,
        reverse: REVERSE_KIND[kind],
      })
      .execute();
    if (!result.affected) throw new NotFoundError("Relationship", `${customer.id} → ${related.id} (${kind})`);
    return manager.findOneByOrFail(Customer, { id: customer.id });
  });
}
