import { Field, InputType, Int } from "type-graphql";
import { LocalDateResolver, SafeIntResolver } from "graphql-scalars";
import { IsEmail, IsInt, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateBy, type ValidationOptions } from "class-validator";
import { Channel, CustomerKind, Gender, IdType, MaritalStatus, RiskPreference, ServiceTier } from "./customer.enums";

export const E164 = /^\+[1-9]\d{6,14}$/;

/** A calendar date (YYYY-MM-DD) not after today (UTC) and not before 1900. */
export function IsPastDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: "isPastDate",
      validator: {
        validate: (value: unknown) =>
          typeof value === "string" && value >= "1900-01-01" && value <= new Date().toISOString().slice(0, 10),
        defaultMessage: () => "$property must be a date between 1900-01-01 and today",
      },
    },
    options,
  );
}

/** Profile fields a create and an update share; all optional (an update changes only what it names). */
@InputType("CustomerProfileFields", { description: "Profile fields shared by NewCustomerInput and CustomerChangesInput." })
export class CustomerProfileFields {
  @Field(() => Gender, { nullable: true, description: "Gender as declared." })
  gender?: Gender | null;

  @Field(() => LocalDateResolver, { nullable: true, description: "Date of birth; not in the future." })
  @IsOptional()
  @IsPastDate()
  dateOfBirth?: string | null;

  @Field(() => IdType, { nullable: true, description: "Kind of identity document; required with nationalId." })
  idType?: IdType | null;

  @Field(() => String, {
    nullable: true,
    description: "Identity number, checked by idType (RESIDENT_ID: 18 characters with the GB 11643 check digit). Stored encrypted.",
  })
  @IsOptional()
  @MaxLength(40)
  @Matches(/^[0-9A-Za-z\s-]+$/, { message: "nationalId may contain only letters, digits, spaces and hyphens" })
  nationalId?: string | null;

  @Field(() => String, { nullable: true, description: "E-mail address." })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: "email must be an e-mail address" })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "Phone number in E.164, e.g. +8613812345678." })
  @IsOptional()
  @Matches(E164, { message: "phone must be in E.164 format, e.g. +8613812345678" })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "Street address." })
  @IsOptional()
  @MaxLength(300)
  address?: string | null;

  @Field(() => String, { nullable: true, description: "City." })
  @IsOptional()
  @MaxLength(80)
  city?: string | null;

  @Field(() => String, { nullable: true, description: "Province or region." })
  @IsOptional()
  @MaxLength(80)
  region?: string | null;

  @Field(() => String, { nullable: true, description: "Occupation or, for enterprises, industry." })
  @IsOptional()
  @MaxLength(120)
  occupation?: string | null;

  @Field(() => Int, { nullable: true, description: "Occupational risk class 1 (office) to 6 (hazardous)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(6)
  occupationClass?: number | null;

  @Field(() => SafeIntResolver, { nullable: true, description: "Annual income or revenue in minor units (fen), at least 0." })
  @IsOptional()
  @Min(0)
  annualIncome?: number | null;

  @Field(() => MaritalStatus, { nullable: true, description: "Marital status." })
  maritalStatus?: MaritalStatus | null;

  @Field(() => Int, { nullable: true, description: "Number of financial dependents, 0 or more." })
  @IsOptional()
  @IsInt()
  @Min(0, { message: "dependents must be 0 or more" })
  @Max(50)
  dependents?: number | null;

  @Field(() => ServiceTier, { nullable: true, description: "Service tier (default BASIC)." })
  serviceTier?: ServiceTier | null;

  @Field(() => RiskPreference, { nullable: true, description: "Attitude to financial risk." })
  riskPreference?: RiskPreference | null;

  @Field(() => Channel, { nullable: true, description: "Channel the customer prefers to be served on." })
  preferredChannel?: Channel | null;
}

@InputType({ description: "A new customer. An agent's new customer joins the agent's own book." })
export class NewCustomerInput extends CustomerProfileFields {
  @Field(() => CustomerKind, { description: "Individual, enterprise or group." })
  kind: CustomerKind;

  @Field(() => String, { description: "Full legal name." })
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: "fullName must not be blank" })
  fullName: string;
}

@InputType({ description: "Changes to a customer: fields left out stay as they are; null clears an optional field." })
export class CustomerChangesInput extends CustomerProfileFields {
  @Field(() => String, { nullable: true, description: "Full legal name." })
  @IsOptional()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: "fullName must not be blank" })
  fullName?: string | null;
}
