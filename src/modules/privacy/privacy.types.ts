import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";

@ObjectType({ description: "A column left out of a data export." })
export class ExportWithheldField {
  @Field(() => String, { description: "Table the column belongs to, e.g. claim." })
  table: string;

  @Field(() => String, { description: "The field, e.g. fraudScore." })
  field: string;

  @Field(() => String, {
    description: "FIELD_POLICY (your role may not read it), CONSENT_REQUIRED (needs the customer's SENSITIVE_DATA consent) or UNCLASSIFIED (no class in the policy table).",
  })
  reason: string;
}

@ObjectType({ description: "Everything held about one customer, by table, with the purposes each is processed for." })
export class CustomerDataExport {
  @Field(() => ID, { description: "The customer the export is about." })
  customerId: string;

  @Field(() => DateTimeISOResolver, { description: "When the export was made." })
  generatedAt: Date;

  @Field(() => JSONObjectResolver, { description: "Purposes of processing per table." })
  purposes: Record<string, string[]>;

  @Field(() => JSONObjectResolver, {
    description: "The records, per table, each column as your role may read the field it holds (full, masked or banded); withheld columns are left out.",
  })
  records: Record<string, unknown[]>;

  @Field(() => [ExportWithheldField], { description: "Columns left out of the records, with the reason." })
  withheld: ExportWithheldField[];
}
