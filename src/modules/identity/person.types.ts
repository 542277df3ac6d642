import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import {
  DEFAULT_SOURCE_PRIORITY,
  DEFAULT_SURVIVORSHIP,
  PROFILE_ATTRIBUTES,
  SURVIVORSHIP_RULES,
  type ProfileAttribute,
  type SurvivorshipRuleName,
} from "../../shared/survivorship";
import { Channel, Gender, MaritalStatus } from "../customer/customer.enums";
import { Customer } from "../customer/customer.entity";

export const ProfileAttributeEnum = Object.fromEntries(Object.keys(PROFILE_ATTRIBUTES).map((name) => [name, name])) as Record<ProfileAttribute, ProfileAttribute>;
registerEnumType(ProfileAttributeEnum, {
  name: "ProfileAttribute",
  description: "An attribute of a person's unified profile, chosen from one linked record.",
  // from PROFILE_ATTRIBUTES (the fields taken together) and DEFAULT_SURVIVORSHIP (the default rule)
  valuesConfig: Object.fromEntries(
    (Object.keys(PROFILE_ATTRIBUTES) as ProfileAttribute[]).map((attribute) => [
      attribute,
      { description: `Customer.${PROFILE_ATTRIBUTES[attribute].join(", Customer.")}, taken together from one record; rule ${DEFAULT_SURVIVORSHIP[attribute]} unless SURVIVORSHIP_RULES names another.` },
    ]),
  ),
});

export const SurvivorshipRule = Object.fromEntries(SURVIVORSHIP_RULES.map((name) => [name, name])) as Record<SurvivorshipRuleName, SurvivorshipRuleName>;
registerEnumType(SurvivorshipRule, {
  name: "SurvivorshipRule",
  description: "How the record behind an attribute was chosen: the most trusted system of record, the most recently updated record, or the value most records hold.",
  valuesConfig: {
    SOURCE_PRIORITY: {
      description: `The record from the most trusted system of record (SOURCE_PRIORITY; by default ${DEFAULT_SOURCE_PRIORITY.join(", ")}, a system not named ranks after them); among equals, the most recently updated.`,
    },
    MOST_RECENT: { description: "The most recently updated record that holds a value." },
    MOST_FREQUENT: { description: "The record whose value most of the person's records hold; applied as MOST_RECENT where your role sees the attribute masked." },
  } satisfies Record<SurvivorshipRuleName, { description: string }>,
});

@ObjectType({ description: "Which record (and system of record) gave one attribute of the unified profile, and by which rule." })
export class ProfileProvenance {
  @Field(() => ProfileAttributeEnum, { description: "The attribute (an address includes its city and region; an occupation its class)." })
  attribute: ProfileAttribute;

  @Field(() => SurvivorshipRule, { description: "The rule applied for you: MOST_FREQUENT compares values, so it applies as MOST_RECENT where your role sees the attribute masked." })
  rule: SurvivorshipRuleName;

  @Field(() => ID, { description: "The linked record the value comes from (readable as customer(id))." })
  recordId: string;

  @Field(() => String, { description: "That record's customer number." })
  customerNumber: string;

  @Field(() => String, { nullable: true, description: "The system that last sent that record (e.g. CORE_PAS, or customer360 for the API)." })
  sourceSystem: string | null;

  @Field(() => DateTimeISOResolver, { description: "When that record was last updated." })
  recordUpdatedAt: Date;
}

/**
 * The person's profile: each attribute from the record its survivorship rule chooses. Its personal
 * fields carry the classes of the same Customer fields (auth/field-policy.ts derives them), and the
 * access audit records each value against the record it came from (`customerIdByField`).
 */
@ObjectType({ description: "One person's profile across their linked records: each attribute chosen by its survivorship rule (see provenance)." })
export class PersonProfile {
  @Field(() => String, { nullable: true, description: "Full name (personal data: CONTACT)." })
  fullName: string | null;

  @Field(() => String, { nullable: true, description: "E-mail address (personal data: CONTACT)." })
  email: string | null;

  @Field(() => String, { nullable: true, description: "Phone number in E.164 (personal data: CONTACT)." })
  phone: string | null;

  @Field(() => String, { nullable: true, description: "Street address (personal data: CONTACT), with the city and region of the same record." })
  address: string | null;

  @Field(() => String, { nullable: true, description: "City, from the record that gave the address." })
  city: string | null;

  @Field(() => String, { nullable: true, description: "Province or region, from the record that gave the address." })
  region: string | null;

  @Field(() => String, { nullable: true, description: "Date of birth as YYYY-MM-DD, or the year where your role sees it masked (personal data: IDENTITY)." })
  dateOfBirth: string | null;

  @Field(() => Gender, { nullable: true, description: "Gender." })
  gender: Gender | null;

  @Field(() => MaritalStatus, { nullable: true, description: "Marital status." })
  maritalStatus: MaritalStatus | null;

  @Field(() => String, { nullable: true, description: "Occupation or, for enterprises, industry." })
  occupation: string | null;

  @Field(() => Int, { nullable: true, description: "Occupational risk class 1 (office) to 6 (hazardous), from the record that gave the occupation." })
  occupationClass: number | null;

  @Field(() => Channel, { nullable: true, description: "Channel the person prefers to be served on." })
  preferredChannel: Channel | null;

  @Field(() => [ProfileProvenance], { description: "Where each attribute you may read came from; an attribute no linked record holds is left out." })
  provenance: ProfileProvenance[];

  /** Per GraphQL field, the record its value came from (the audit and masking read it). */
  customerIdByField: Record<string, string>;
}

@ObjectType({ description: "The records identity resolution has linked as one person, as far as they lie in your row scope." })
export class Person {
  @Field(() => ID, { description: "The person's id: the same from every linked record." })
  id: string;

  @Field(() => [Customer], { description: "The linked records you may see, this one included, in the order they were linked." })
  records: Customer[];

  @Field(() => PersonProfile, { description: "The unified profile over those records: each attribute from the record its survivorship rule chooses." })
  profile: PersonProfile;
}
