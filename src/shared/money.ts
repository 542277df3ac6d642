import { Field, ObjectType } from "type-graphql";
import { SafeIntResolver } from "graphql-scalars";

/** An amount of money in integer minor units (fen, cents) with its ISO-4217 currency. */
@ObjectType({ description: "An amount of money in integer minor units (e.g. fen or cents) with its currency." })
export class Money {
  @Field(() => SafeIntResolver, { description: "Amount in minor units (1/100 of the currency unit)." })
  amount: number;

  @Field(() => String, { description: "ISO-4217 currency code, e.g. CNY." })
  currency: string;
}

export function money(amount: number, currency: string): Money {
  return Object.assign(new Money(), { amount, currency });
}

export function optionalMoney(amount: number | null | undefined, currency: string): Money | null {
  return amount === null || amount === undefined ? null : money(amount, currency);
}
