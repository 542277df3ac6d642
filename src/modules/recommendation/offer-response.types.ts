import { ArgsType, Field } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { OfferResponse, OfferResponseKind } from "./offer-response.entity";

export const OfferResponseConnection = Connection(OfferResponse, "OfferResponse");
export type OfferResponseConnection = InstanceType<typeof OfferResponseConnection>;

@ArgsType()
export class OfferResponseListArgs extends PageArgs {
  @Field(() => OfferResponseKind, { nullable: true, description: "Only answers of this kind." })
  response?: OfferResponseKind | null;
}
