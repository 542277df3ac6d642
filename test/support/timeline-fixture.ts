import type { Database } from "../../src/db/data-source";
import { staffIdFor } from "../../src/modules/staff/staff-id";

/** One entry as the timeline orders it: time (ISO, milliseconds), kind, id. */
export interface ExpectedEntry {
  kind: string;
  id: string;
  at: string;
}

/** The timeline order: time, then kind, then id, all descending (kinds and ids compared bytewise). */
export function timelineOrder(entries: ExpectedEntry[]): ExpectedEntry[] {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...entries].sort((a, b) => cmp(b.at, a.at) || cmp(b.kind, a.kind) || cmp(b.id, a.id));
}

/** The reference instant of the fixture; ties are made on it on purpose. */
export const T0 = "2026-10-01T10:00:00.000Z";

/**
 * A fresh customer in agent1's book (a copy of one of agent1's seeded customers, so every column
 * is valid) with records of every timeline kind, several at the same millisecond (T0, and two
 * contacts that differ only in microseconds), marketing consent granted last. `extraContacts`
 * adds that many more contacts an hour apart (for size-independent statement counts).
 */
export async function timelineCustomer(db: Database, label: string, extraContacts = 0): Promise<{ id: string; expected: ExpectedEntry[] }> {
  const [customer] = await db.query(
    `INSERT INTO customer (customer_number, kind, full_name, date_of_birth, gender, email, phone, address, city, region, occupation, dependents, assigned_agent_id)
     SELECT $2, kind, full_name, date_of_birth, gender, email, phone, address, city, region, occupation, dependents, assigned_agent_id
       FROM customer WHERE assigned_agent_id = $1 AND kind = 'INDIVIDUAL' AND erased_at IS NULL ORDER BY customer_number LIMIT 1 RETURNING id`,
    [staffIdFor("agent1"), `TL-${label}`],
  );
  const id: string = customer.id;
  const at = (offset: string) => `(timestamptz '${T0}' + interval '${offset}')`;
  const rows = async (sql: string, params: unknown[] = []): Promise<{ id: string; at: Date }[]> => db.query(sql, params);
  const entries: ExpectedEntry[] = [];
  const add = (kind: string, found: { id: string; at: Date }[]) => entries.push(...found.map((row) => ({ kind, id: row.id, at: new Date(row.at).toISOString() })));

  add("INTERACTION", await rows(
    `INSERT INTO interaction (customer_id, channel, kind, direction, subject, notes, occurred_at, status)
     VALUES ($1, 'PHONE', 'INQUIRY', 'INBOUND', 'Asked about cover', 'Mentioned a new baby', ${at("0 s")}, 'RESOLVED'),
            ($1, 'APP', 'RENEWAL', 'OUTBOUND', 'Renewal reminder', NULL, ${at("0 s")}, 'OPEN'),
            ($1, 'WEB', 'INQUIRY', 'INBOUND', 'Same millisecond, early', 'Internal note A', ${at("-1 hour 100 microseconds")}, 'RESOLVED'),
            ($1, 'WEB', 'INQUIRY', 'INBOUND', 'Same millisecond, late', 'Internal note B', ${at("-1 hour 900 microseconds")}, 'RESOLVED')
     RETURNING id, date_trunc('milliseconds', occurred_at) AS at`, [id]));
  const [complaintContact] = await rows(`SELECT id, occurred_at AS at FROM interaction WHERE customer_id = $1 AND subject = 'Asked about cover'`, [id]);
  add("COMPLAINT", await rows(
    `INSERT INTO complaint (interaction_id, customer_id, category, severity, status, received_at, due_at, escalation_reason)
     VALUES ($1, $2, 'SERVICE_ATTITUDE', 'MEDIUM', 'ESCALATED', ${at("0 s")}, ${at("1 day")}, 'Asked for a manager')
     RETURNING id, received_at AS at`, [complaintContact.id, id]));
  const [policy] = await rows(
    `INSERT INTO policy (policy_number, customer_id, product_code, status, premium, currency, premium_frequency, sum_insured, start_date, end_date, renewal_date, sales_channel)
     SELECT $2, $1, product_code, 'ACTIVE', premium, currency, premium_frequency, sum_insured, date '2026-10-01', date '2027-09-30', NULL, sales_channel
       FROM policy ORDER BY policy_number LIMIT 1
     RETURNING id, start_date::timestamp AT TIME ZONE 'UTC' AS at`, [id, `PTL-${label}`]);
  add("POLICY", [policy]);
  const [claim] = await rows(
    `INSERT INTO claim (claim_number, policy_id, customer_id, kind, incident_date, reported_at, status, claimed_amount, currency, fraud_score)
     VALUES ($3, $1, $2, 'MEDICAL', date '2026-09-28', ${at("-2 hours")}, 'UNDER_REVIEW', 500000, 'CNY', 0.2) RETURNING id, reported_at AS at`,
    [policy.id, id, `CTL-${label}`]);
  add("CLAIM_EVENT", await rows(
    `INSERT INTO claim_event (claim_id, customer_id, from_status, to_status, note, occurred_at)
     VALUES ($1, $2, NULL, 'REPORTED', NULL, ${at("-2 hours")}), ($1, $2, 'REPORTED', 'UNDER_REVIEW', 'Documents complete', ${at("0 s")})
     RETURNING id, occurred_at AS at`, [claim.id, id]));
  add("CONSENT", await rows(
    `INSERT INTO consent (customer_id, purpose, granted, channel, recorded_at)
     VALUES ($1, 'MARKETING', true, 'APP', ${at("-5 days")}), ($1, 'MARKETING', false, 'PHONE', ${at("-4 days")}),
            ($1, 'PROFILING', true, 'APP', ${at("-4 hours")}), ($1, 'MARKETING', true, 'WEB', ${at("-3 hours")})
     RETURNING id, recorded_at AS at`, [id]));
  add("OFFER_RESPONSE", await rows(
    `INSERT INTO offer_response (customer_id, product_code, response, channel, responded_at)
     SELECT $1, code, 'DECLINED', 'APP', ${at("0 s")} FROM product ORDER BY code LIMIT 1 RETURNING id, responded_at AS at`, [id]));
  if (extraContacts > 0) {
    add("INTERACTION", await rows(
      `INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, status)
       SELECT $1, 'HOTLINE', 'INQUIRY', 'INBOUND', 'Follow-up ' || n, timestamptz '${T0}' - n * interval '1 hour' - interval '30 minutes', 'RESOLVED'
         FROM generate_series(1, $2::int) AS n RETURNING id, occurred_at AS at`, [id, extraContacts]));
  }
  return { id, expected: timelineOrder(entries) };
}
