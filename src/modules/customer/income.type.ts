import { Field, ObjectType, registerEnumType } from "type-graphql";
import { IncomeBand, incomeBand, incomeBandMeanings } from "../../auth/masking";
import { Money, money } from "../../shared/money";

registerEnumType(IncomeBand, {
  name: "IncomeBand",
  description: "Band of an annual income (in major currency units).",
  valuesConfig: Object.fromEntries(Object.entries(incomeBandMeanings()).map(([band, description]) => [band, { description }])),
});

@ObjectType({ description: "Annual income: the exact amount for roles with full access, otherwise only its band." })
export class Income {
  @Field(() => Money, { nullable: true, description: "Exact amount; null when your role sees the band only." })
  amount: Money | null;

  @Field(() => IncomeBand, { description: "Income band." })
  band: IncomeBand;
}

export function income(amountMinor: number, currency: string): Income {
  return Object.assign(new Income(), { amount: money(amountMinor, currency), band: incomeBand(amountMinor) });
}
