import { ArgsType, Field, Float, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Money } from "../../shared/money";
import { BidirectionalPageArgs, Connection } from "../../shared/pagination";
import { Customer } from "./customer.entity";
import { CustomerFilter, CustomerOrder } from "./customer.inputs";

export const CustomerConnection = Connection(Customer, "Customer");
export type CustomerConnection = InstanceType<typeof CustomerConnection>;

@ArgsType()
export class CustomerListArgs extends BidirectionalPageArgs {
  @Field(() => CustomerFilter, { nullable: true, description: "Filters; all given must hold." })
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: "Sort order (default: customer number ascending)." })
  orderBy?: CustomerOrder | null;
}

@ObjectType({ description: "Key figures of the 360 view, computed in the database." })
export class CustomerSummary {
  @Field(() => Int, { description: "Number of ACTIVE policies." })
  activePolicies: number;

  @Field(() => Money, { description: "Sum of the annual premiums of ACTIVE policies." })
  totalAnnualPremium: Money;

  @Field(() => Money, { description: "Sum insured over ACTIVE policies." })
  totalSumInsured: Money;

  @Field(() => Int, { description: "Claims in REPORTED, UNDER_REVIEW or APPROVED." })
  openClaims: number;

  @Field(() => Int, { description: "Complaints not yet resolved." })
  openComplaints: number;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the customer was last in contact." })
  lastInteractionAt: Date | null;

  @Field(() => Float, { nullable: true, description: "Average satisfaction 1–5 over rated contacts." })
  averageSatisfaction: number | null;

  @Field(() => Money, {
    nullable: true,
    description: "Lifetime value: premiums earned to date (pro rata over each policy's elapsed cover) minus claims paid.",
  })
  lifetimeValue: Money | null;
}
