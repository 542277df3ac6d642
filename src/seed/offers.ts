import { Channel } from "../modules/customer/customer.enums";
import { OfferResponseKind } from "../modules/recommendation/offer-response.entity";
import { PRODUCTS } from "./catalogue";
import { DAY } from "./clock";
import { instantBetween, type SeedContext } from "./context";
import type { CustomerSeed, OfferResponseRow } from "./model";

const OFFER_CHANNELS = [Channel.APP, Channel.WECHAT, Channel.EMAIL, Channel.AGENT_VISIT, Channel.PHONE, Channel.WEB];

/** Answers to product offers for about a quarter of the adult customers; a third of them recent. */
export function makeOfferResponses(context: SeedContext, customer: CustomerSeed): OfferResponseRow[] {
  const { random, now } = context;
  if (customer.minor || customer.erasedAt !== null || !random.chance(0.25)) return [];
  const offered = PRODUCTS.filter((product) => product.customerKinds.includes(customer.kind));
  return random.sample(offered, random.int(1, 3)).map((product) => {
    const recent = random.chance(0.35);
    const from = Math.max(customer.createdAt, now - (recent ? 90 : 540) * DAY);
    return {
      id: random.uuid(),
      customerId: customer.row.id,
      productCode: product.code,
      response: random.chance(0.35) ? OfferResponseKind.ACCEPTED : OfferResponseKind.DECLINED,
      channel: random.pick(OFFER_CHANNELS),
      respondedAt: new Date(instantBetween(context, from, now)),
    };
  });
}
