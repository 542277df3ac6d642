import { ArgsType, Field, ID, Int, ObjectType } from "type-graphql";
import { IsIn, IsInt, IsOptional, IsUUID, Length, Max, Min } from "class-validator";
import { Money } from "../../shared/money";
import { Connection, PageArgs } from "../../shared/pagination";
import { Channel } from "../customer/customer.enums";
import { Customer } from "../customer/customer.entity";
import { Product, ProductLine } from "../product/product.entity";
import { OfferResponseKind } from "./offer-response.entity";
import { ContactChannel, HeldBackReason } from "../contact-policy/contact-policy.enums";

@ObjectType({ description: "Why a product is recommended: a stable code and a sentence without raw personal values." })
export class RecommendationReason {
  @Field(() => String, { description: "Rule code, e.g. DEPENDENTS_WITHOUT_LIFE_COVER or NON_PERSONALIZED." })
  code: string;

  @Field(() => String, { description: "The reason in one sentence (bands and ranges, never exact personal values)." })
  message: string;
}

@ObjectType({ description: "A product recommended to a customer, with its score and reasons." })
export class Recommendation {
  @Field(() => Product, { description: "The recommended product." })
  product: Product;

  @Field(() => Int, { description: "Deterministic score; higher ranks first." })
  score: number;

  @Field(() => [RecommendationReason], { description: "Why it is recommended." })
  reasons: RecommendationReason[];

  @Field(() => Money, { description: "Suggested sum insured." })
  suggestedSumInsured: Money;

  @Field(() => Money, { description: "Estimated annual premium for the suggested sum insured." })
  estimatedPremium: Money;
}

@ObjectType({ description: "A product left out of a customer's recommendations, with the rule that excluded it." })
export class ProductExclusion {
  @Field(() => Product, { description: "The excluded product." })
  product: Product;

  @Field(() => String, { description: "Rule code: CUSTOMER_KIND, AGE_LIMIT, ALREADY_HELD, RISK_TIER, DECLINED_RECENTLY, OPEN_COMPLAINT, AFFORDABILITY." })
  rule: string;

  @Field(() => String, { description: "The rule in one sentence." })
  message: string;
}

@ObjectType({ description: "A marketing offer: a consented customer's top product with reasons and the channel to use." })
export class Offer {
  @Field(() => Customer, { description: "The customer (personal fields follow the data policy: masked for marketing)." })
  customer: Customer;

  @Field(() => Product, { description: "The offered product." })
  product: Product;

  @Field(() => Int, { description: "Deterministic score of the offer." })
  score: number;

  @Field(() => [RecommendationReason], { description: "Why this product is offered." })
  reasons: RecommendationReason[];

  @Field(() => Money, { description: "Suggested sum insured." })
  suggestedSumInsured: Money;

  @Field(() => Money, { description: "Estimated annual premium." })
  estimatedPremium: Money;

  @Field(() => Channel, { nullable: true, description: "The customer's preferred channel if marketing consent covers it, else the channel consent was captured on (contactChannel is the one the contact policy allows now)." })
  channel: Channel | null;

  @Field(() => ContactChannel, { nullable: true, description: "The channel the contact policy allows for this offer now: the preferred one first, then PHONE, SMS, EMAIL, WECHAT, POST; null when held back." })
  contactChannel: ContactChannel | null;

  @Field(() => Boolean, { description: "True when the contact policy holds the customer back now (listed only with includeHeldBack)." })
  heldBack: boolean;

  @Field(() => [HeldBackReason], { description: "Why the customer is held back: every reason any channel gave (empty when not held back)." })
  heldBackReasons: HeldBackReason[];
}

export const OfferConnection = Connection(Offer, "Offer");
export type OfferConnection = InstanceType<typeof OfferConnection>;

@ArgsType()
export class RecommendationArgs {
  @Field(() => Int, { defaultValue: 3, description: "How many recommendations, 1–20." })
  @IsInt()
  @Min(1)
  @Max(20)
  limit: number = 3;
}

@ArgsType()
export class OfferArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only members of this segment." })
  @IsOptional()
  @IsUUID()
  segmentId?: string | null;

  @Field(() => ProductLine, { nullable: true, description: "Only offers of this product line." })
  @IsOptional()
  productLine?: ProductLine | null;

  @Field(() => Boolean, {
    defaultValue: false,
    description: "Also list customers the contact policy holds back now (heldBack true, with heldBackReasons); by default they are left out.",
  })
  includeHeldBack: boolean = false;
}

@ArgsType()
export class OfferResponseArgs {
  @Field(() => ID, { description: "The customer who answered." })
  @IsUUID()
  customerId: string;

  @Field(() => String, { description: "The product offered." })
  @Length(1, 32)
  productCode: string;

  @Field(() => OfferResponseKind, { description: "Accepted or declined (a decline suppresses the product for 90 days)." })
  @IsIn(Object.values(OfferResponseKind))
  response: OfferResponseKind;

  @Field(() => Channel, { nullable: true, description: "Channel the answer came through." })
  @IsOptional()
  channel?: Channel | null;
}
