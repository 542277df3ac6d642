import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeISOResolver, JSONObjectResolver } from "graphql-scalars";

@ObjectType({ description: "Everything held about one customer, by table, with the purposes each is processed for." })
export class CustomerDataExport {
  @Field(() => ID, { description: "The customer the export is about." })
  customerId: string;

  @Field(() => DateTimeISOResolver, { description: "When the export was made." })
  generatedAt: Date;

  @Field(() => JSONObjectResolver, { description: "Purposes of processing per table." })
  purposes: Record<string, string[]>;

  @Field(() => JSONObjectResolver, { description: "The records, per table (national id decrypted, keyed hashes left out)." })
  records: Record<string, unknown[]>;
}
