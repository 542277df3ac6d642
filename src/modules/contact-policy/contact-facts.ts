import DataLoader from "dataloader";
import { consentInForceSql, refusedOnLinkedRecordSql } from "../../auth/row-scope";
import type { Database } from "../../db/data-source";
import { Channel } from "../customer/customer.enums";
import { Direction, InteractionKind } from "../interaction/interaction.entity";
import type { CustomerContactFacts } from "./contact-decision";
import { ContactChannel } from "./contact-policy.enums";

/** The do-not-contact row in force on the record itself (null: never set). */
export interface DoNotContactRecord {
  doNotContact: boolean;
  reason: string | null;
  setBy: string | null;
  setAt: Date;
}

/** A customer's contact facts as loaded: the decision's input, and the record's own do-not-contact row. */
export interface LoadedContactFacts {
  facts: CustomerContactFacts;
  ownDoNotContact: DoNotContactRecord | null;
  doNotContactOnLinkedRecord: boolean;
  /** The customer's preferred service channel (PUBLIC): the first channel tried when reaching them. */
  preferredChannel: Channel | null;
}

/** The records linked with a customer as one person (identity links): `km.customer_id`, with `then` joined before the WHERE. */
const linkedRecords = (customerId: string, then = "") =>
  `person_link kl JOIN person_link km ON km.person_id = kl.person_id AND km.customer_id <> kl.customer_id ${then} WHERE kl.customer_id = ${customerId}`;

/** A record's newest MARKETING decision per contact channel, as rows (contact_channel, granted). */
const channelDecisions = (customerId: string) =>
  `SELECT DISTINCT ON (k.contact_channel) k.contact_channel, k.granted FROM consent k
    WHERE k.customer_id = ${customerId} AND k.purpose = 'MARKETING' AND k.contact_channel IS NOT NULL
    ORDER BY k.contact_channel, k.recorded_at DESC, k.id DESC`;

const newestDoNotContact = (customerId: string) =>
  `SELECT d.do_not_contact, d.reason, d.set_by, d.set_at FROM do_not_contact d WHERE d.customer_id = ${customerId} ORDER BY d.set_at DESC, d.id DESC LIMIT 1`;

/**
 * Everything the contact decision reads about the customer row `alias` (a customer alias with its
 * columns), as one JSON object: consent in force for MARKETING and per channel (a refusal on a
 * linked record wins), the do-not-contact flag (this record's newest row, or a linked record's), the
 * contact points on record, and the instants of outbound MARKETING contacts from `at` − `windowDays`
 * days on, later ones included (a superset: contactsInWindow alone decides the window's edges at the
 * instant of a decision, so facts kept with a stored offer ranking count a contact dated ahead once
 * its time comes).
 * `at` and `windowDays` are SQL expressions.
 * Contact points: a phone number reaches PHONE and SMS, an e-mail EMAIL, an address POST; WECHAT
 * needs a WeChat contact on record (an interaction on WeChat: the customer follows our account).
 */
export function contactFactsJsonSql(alias: string, at: string, windowDays: string): string {
  const id = `${alias}.id`;
  return `json_build_object(
    'marketingConsent', ${consentInForceSql(id, "'MARKETING'")},
    'marketingRefusedOnLinkedRecord', ${refusedOnLinkedRecordSql(id, "'MARKETING'")},
    'channelConsents', (SELECT json_object_agg(d.contact_channel, d.granted) FROM (${channelDecisions(id)}) d),
    'channelsRefusedOnLinkedRecord', (SELECT json_agg(DISTINCT d.contact_channel) FROM ${linkedRecords(id, `CROSS JOIN LATERAL (${channelDecisions("km.customer_id")}) d`)} AND d.granted = false),
    'ownDoNotContact', (SELECT json_build_object('doNotContact', d.do_not_contact, 'reason', d.reason, 'setBy', d.set_by, 'setAt', d.set_at) FROM (${newestDoNotContact(id)}) d),
    'doNotContactOnLinkedRecord', EXISTS (SELECT 1 FROM ${linkedRecords(id)} AND (SELECT d.do_not_contact FROM (${newestDoNotContact("km.customer_id")}) d) IS TRUE),
    'preferredChannel', ${alias}.preferred_channel,
    'phone', ${alias}.phone IS NOT NULL, 'email', ${alias}.email IS NOT NULL, 'address', ${alias}.address IS NOT NULL,
    'wechat', EXISTS (SELECT 1 FROM interaction w WHERE w.customer_id = ${id} AND w.channel = '${Channel.WECHAT}'),
    'marketingContactTimes', (SELECT coalesce(json_agg((extract(epoch FROM i.occurred_at) * 1000)::float8 ORDER BY i.occurred_at), '[]'::json)
       FROM interaction i WHERE i.customer_id = ${id} AND i.direction = '${Direction.OUTBOUND}' AND i.kind = '${InteractionKind.MARKETING}'
        AND i.occurred_at >= ${at} - make_interval(days => ${windowDays})))`;
}

/** The JSON object of contactFactsJsonSql, as it arrives. */
export interface ContactFactsRow {
  marketingConsent: boolean | null;
  marketingRefusedOnLinkedRecord: boolean;
  channelConsents: Partial<Record<ContactChannel, boolean>> | null;
  channelsRefusedOnLinkedRecord: ContactChannel[] | null;
  ownDoNotContact: { doNotContact: boolean; reason: string | null; setBy: string | null; setAt: string } | null;
  doNotContactOnLinkedRecord: boolean;
  preferredChannel: Channel | null;
  phone: boolean;
  email: boolean;
  address: boolean;
  wechat: boolean;
  marketingContactTimes: number[];
}

export function toContactFacts(row: ContactFactsRow): LoadedContactFacts {
  const channelConsents: Partial<Record<ContactChannel, boolean>> = { ...(row.channelConsents ?? {}) };
  for (const channel of row.channelsRefusedOnLinkedRecord ?? []) channelConsents[channel] = false;
  const contactPoints: ContactChannel[] = [];
  if (row.phone) contactPoints.push(ContactChannel.PHONE, ContactChannel.SMS);
  if (row.email) contactPoints.push(ContactChannel.EMAIL);
  if (row.wechat) contactPoints.push(ContactChannel.WECHAT);
  if (row.address) contactPoints.push(ContactChannel.POST);
  const own = row.ownDoNotContact;
  return {
    facts: {
      marketingConsent: row.marketingConsent,
      marketingRefusedOnLinkedRecord: row.marketingRefusedOnLinkedRecord,
      channelConsents,
      doNotContact: (own?.doNotContact ?? false) || row.doNotContactOnLinkedRecord,
      contactPoints,
      marketingContactTimes: row.marketingContactTimes,
    },
    ownDoNotContact: own ? { ...own, setAt: new Date(own.setAt) } : null,
    doNotContactOnLinkedRecord: row.doNotContactOnLinkedRecord,
    preferredChannel: row.preferredChannel ?? null,
  };
}

/** The contact facts of many customers at one instant, in the order of their ids, in one statement. */
export async function loadContactFacts(db: Database, customerIds: readonly string[], at: Date, windowDays: number): Promise<LoadedContactFacts[]> {
  const rows: { id: string; facts: ContactFactsRow }[] = await db.query(
    `SELECT c.id, ${contactFactsJsonSql("c", "$2::timestamptz", "$3::int")} AS facts FROM customer c WHERE c.id = ANY($1::uuid[])`,
    [customerIds, at.toISOString(), windowDays],
  );
  const byId = new Map(rows.map((row) => [row.id, toContactFacts(row.facts)]));
  return customerIds.map((id) => byId.get(id) ?? toContactFacts(EMPTY_FACTS));
}

const EMPTY_FACTS: ContactFactsRow = {
  marketingConsent: null, marketingRefusedOnLinkedRecord: false, channelConsents: null, channelsRefusedOnLinkedRecord: null, ownDoNotContact: null,
  doNotContactOnLinkedRecord: false, preferredChannel: null, phone: false, email: false, address: false, wechat: false, marketingContactTimes: [],
};

/**
 * Per request: contact facts by customer id at an instant (one loader per instant, so that a page of
 * customers asked at the same instant is one statement). The ids come from rows the viewer's scope admitted.
 */
export function contactPolicyLoaders(db: Database) {
  const loaders = new Map<string, DataLoader<string, LoadedContactFacts>>();
  return {
    /** The request's instant: every policy asked for "now" in one request is decided at the same instant. */
    now: new Date(),
    factsAt(at: Date, windowDays: number): DataLoader<string, LoadedContactFacts> {
      const key = `${at.getTime()}:${windowDays}`;
      let loader = loaders.get(key);
      if (!loader) loaders.set(key, (loader = new DataLoader((ids) => loadContactFacts(db, ids, at, windowDays))));
      return loader;
    },
  };
}
