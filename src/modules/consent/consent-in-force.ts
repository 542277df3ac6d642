import DataLoader from "dataloader";
import { Field, ObjectType } from "type-graphql";
import { consentInForceSql, refusedOnLinkedRecordSql } from "../../auth/row-scope";
import type { Database } from "../../db/data-source";
import { Channel } from "../customer/customer.enums";
import { ConsentPurpose } from "./consent.entity";

@ObjectType({
  description:
    "The decision that holds for a purpose on this record: refusal wins across the records linked as one person, a grant holds only for the record it was given on.",
})
export class ConsentInForce {
  @Field(() => ConsentPurpose, { description: "Purpose the decision is about." })
  purpose: ConsentPurpose;

  @Field(() => Boolean, { description: "True when granted on this record and refused on no record of the person." })
  granted: boolean;

  @Field(() => Channel, { nullable: true, description: "Channel this record's own latest decision was captured on." })
  channel: Channel | null;

  @Field(() => Boolean, { description: "True when the refusal that holds was given on another record linked with this one (which one is not said)." })
  refusedOnLinkedRecord: boolean;
}

const PURPOSES = `ARRAY[${Object.values(ConsentPurpose).map((purpose) => `'${purpose}'`).join(", ")}]::text[]`;

/**
 * The decisions in force of a customer (an SQL expression for its id) as a JSON array, one element
 * per purpose decided on the record or refused on a linked one: every reader of consent facts in
 * bulk (offers, recommendations, exports, the shield's consent check) reads this one expression.
 */
export function consentsInForceJsonSql(customerId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('purpose', p.purpose, 'granted', f.granted, 'channel', f.channel,
                                                     'refusedOnLinkedRecord', f.linked) ORDER BY p.purpose), '[]'::json)
             FROM unnest(${PURPOSES}) AS p(purpose)
             CROSS JOIN LATERAL (
               SELECT ${consentInForceSql(customerId, "p.purpose")} AS granted,
                      ${refusedOnLinkedRecordSql(customerId, "p.purpose")} AS linked,
                      (SELECT k.channel FROM consent k WHERE k.customer_id = ${customerId} AND k.purpose = p.purpose AND k.contact_channel IS NULL
                        ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) AS channel) f
            WHERE f.granted IS NOT NULL)`;
}

/** The decisions in force of many customers, in the order of their ids, in one statement. */
export async function loadConsentsInForce(db: Database, customerIds: readonly string[]): Promise<ConsentInForce[][]> {
  const rows: { id: string; consents: ConsentInForce[] }[] = await db.query(
    `SELECT t.id, ${consentsInForceJsonSql("t.id")} AS consents FROM unnest($1::uuid[]) AS t(id)`,
    [customerIds],
  );
  const byId = new Map(rows.map((row) => [row.id, row.consents]));
  return customerIds.map((id) => byId.get(id) ?? []);
}

/** Per request: the decisions in force by customer id (the ids come from rows the viewer's scope already admitted). */
export function consentLoaders(db: Database) {
  return { inForceByCustomerId: new DataLoader<string, ConsentInForce[]>((ids) => loadConsentsInForce(db, ids)) };
}
