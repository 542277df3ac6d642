import type { MigrationInterface, QueryRunner } from "typeorm";
import { unwatchOfferFacts, watchOfferFacts, withLinkedRecords, type WatchedTable } from "./1795700001100-OfferRankings";

/**
 * A stored offer ranking also keeps the contact policy's facts it was read with (`contact`: consent
 * per channel, do-not-contact, contact points, recent marketing contacts), so that a page whose
 * rankings hold reads none of them (src/modules/recommendation/offer-rankings.ts). They are kept
 * under the same change log as the ranking: the tables they come from were watched already, but for
 * do-not-contact, watched here — a flag set on a record, or on a record linked with it as one person,
 * makes the ranking computed again. The decision itself (quiet hours, the frequency window at the
 * instant of the read) is still made at every read. Rankings stored before have no facts and are
 * computed again once.
 */
const DO_NOT_CONTACT: WatchedTable = { table: "do_not_contact", customers: (rows) => withLinkedRecords(rows) };

export class OfferRankingContactFacts1795700001102 implements MigrationInterface {
  name = "OfferRankingContactFacts1795700001102";

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "offer_ranking" ADD "contact" jsonb`);
    await watchOfferFacts(q, DO_NOT_CONTACT);
  }

  public async down(q: QueryRunner): Promise<void> {
    await unwatchOfferFacts(q, DO_NOT_CONTACT);
    await q.query(`ALTER TABLE "offer_ranking" DROP COLUMN "contact"`);
  }
}
