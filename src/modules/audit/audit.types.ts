import { ArgsType, Field, ID, InputType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Connection, PageArgs } from "../../shared/pagination";
import { AuditEntry } from "./audit-entry.entity";

export const AuditEntryConnection = Connection(AuditEntry, "AuditEntry");
export type AuditEntryConnection = InstanceType<typeof AuditEntryConnection>;

@InputType({ description: "Which access records to list; all given filters must hold." })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: "Accesses to this customer's data." })
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: "Accesses by this staff user." })
  actorId?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "At or after this time." })
  from?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "Before this time." })
  to?: Date | null;
}

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => AuditLogFilter, { nullable: true, description: "Filters." })
  filter?: AuditLogFilter | null;
}
