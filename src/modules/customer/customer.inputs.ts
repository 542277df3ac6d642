import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { MaxLength } from "class-validator";
import { CustomerKind, ServiceTier } from "./customer.enums";
import { RiskTier } from "../product/product.entity";

@InputType({ description: "Filters for the customer list; all given filters must hold." })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: "Text contained in name, customer number, e-mail, phone or a policy number (at least 2 characters; roles without full contact access: numbers only)." })
  @MaxLength(100)
  search?: string | null;

  @Field(() => String, { nullable: true, description: "Exact national id (matched through its keyed hash; roles with identity access only)." })
  @MaxLength(40)
  nationalId?: string | null;

  @Field(() => CustomerKind, { nullable: true, description: "Only customers of this kind." })
  kind?: CustomerKind | null;

  @Field(() => ServiceTier, { nullable: true, description: "Only customers in this service tier." })
  serviceTier?: ServiceTier | null;

  @Field(() => String, { nullable: true, description: "Only customers in this region." })
  @MaxLength(80)
  region?: string | null;

  @Field(() => ID, { nullable: true, description: "Only customers in this agent's book." })
  assignedAgentId?: string | null;

  @Field(() => RiskTier, { nullable: true, description: "Only customers whose current risk profile is in this tier." })
  riskTier?: RiskTier | null;

  @Field(() => Boolean, { nullable: true, description: "Only customers with (true) or without (false) an open claim." })
  hasOpenClaim?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Only customers with (true) or without (false) an open complaint." })
  hasOpenComplaint?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Only customers with (true) or without (false) an open complaint past its due time." })
  hasOverdueComplaint?: boolean | null;
}

export enum CustomerOrderField {
  NAME = "NAME",
  CREATED_AT = "CREATED_AT",
  CUSTOMER_NUMBER = "CUSTOMER_NUMBER",
}
registerEnumType(CustomerOrderField, {
  name: "CustomerOrderField",
  description: "What to sort customers by.",
  valuesConfig: {
    NAME: { description: "The customer's full name; sorting by it is a use of the name (FORBIDDEN for roles that may not read names in full)." },
    CREATED_AT: { description: "When the customer was recorded." },
    CUSTOMER_NUMBER: { description: "The customer number." },
  },
});

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(SortDirection, {
  name: "SortDirection",
  description: "Ascending or descending.",
  valuesConfig: {
    ASC: { description: "Ascending: smallest, earliest or A first." },
    DESC: { description: "Descending: largest, latest or Z first." },
  },
});

@InputType({ description: "Sort order of the customer list." })
export class CustomerOrder {
  @Field(() => CustomerOrderField, { description: "What to sort by." })
  field: CustomerOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: "Direction." })
  direction: SortDirection;
}
