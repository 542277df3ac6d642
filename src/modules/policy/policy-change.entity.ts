import { Column, Entity, PrimaryColumn } from "typeorm";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";

/**
 * A change an import made to one of the customer's policies: a row of the `policy_change` view over
 * the outbox's `policy.changed` events (migrations/…910), so a change is recorded once — the event —
 * and read here in the customer's history. Names of the fields changed, never their values (read
 * the policy itself, under its own rules). Not synchronized: the view belongs to its migration.
 */
@ObjectType("PolicyChange", { description: "A change the insurer's core system made to a policy (an import): which fields changed, and when." })
@Entity({ name: "policy_change", synchronize: false })
export class PolicyChange {
  @Field(() => ID, { description: "The change (its event's id)." })
  @PrimaryColumn("uuid")
  id: string;

  @Field(() => ID, { description: "The customer." })
  @Column("uuid")
  customerId: string;

  @Field(() => ID, { description: "The policy changed." })
  @Column("uuid")
  policyId: string;

  @Field(() => DateTimeISOResolver, { description: "When the change was recorded." })
  @Column("timestamptz")
  occurredAt: Date;

  @Field(() => [String], { description: "The policy fields changed (`coverages`, `participants` or `insuredObjects` when those changed)." })
  @Column("jsonb")
  changedFields: string[];
}
