import { ClaimStatus } from "../src/modules/claim/claim.entity";
import { ConsentPurpose } from "../src/modules/consent/consent.entity";
import { Channel, CustomerKind } from "../src/modules/customer/customer.enums";
import { RelationshipKind } from "../src/modules/household/relationship.entity";
import { ComplaintStatus } from "../src/modules/interaction/complaint.entity";
import { InteractionKind } from "../src/modules/interaction/interaction.entity";
import { PolicyStatus } from "../src/modules/policy/policy.entity";
import { ProductLine } from "../src/modules/product/product.entity";
import { staffIdFor } from "../src/modules/staff/staff-id";
import type { Database } from "../src/db/data-source";
import { INACTIVE_AGENT_USERNAME, SEED_USERNAMES, seedDatabase, seedDemoIfEmpty, type SeedProgress, type SeedReport } from "../src/seed";
import { CITIES } from "../src/seed/places";
import { isValidResidentId } from "../src/shared/national-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import { closeTestDatabase, openTestDatabase } from "./support/database";

const NOW = new Date("2026-06-15T00:00:00Z");
const PII_KEY = "seed-spec-pii-key-0123456789abcdef";
const OPTIONS = { customers: 300, seed: 42, piiKey: PII_KEY, now: NOW };
const REPORT_TABLES: Record<Exclude<keyof SeedReport, "millis">, string> = {
  customers: "customer", staff: "staff_user", products: "product", policies: "policy", coverages: "coverage", claims: "claim",
  claimEvents: "claim_event", interactions: "interaction", complaints: "complaint", cases: "service_case", tasks: "service_task", consents: "consent",
  riskAssessments: "risk_assessment", relationships: "relationship", offerResponses: "offer_response",
  participants: "policy_participant", insuredObjects: "insured_object", instalments: "premium_instalment",
};

/** Columns encrypted at rest: their ciphertexts differ run to run (random nonces). */
const ENCRYPTED_COLUMNS: Record<string, string> = { claim: " - 'description'", health_declaration: " - 'details'" };

/** Content digest of every seeded table; ciphertexts are left out (their nonces are random). */
async function digests(db: Database): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of [...Object.values(REPORT_TABLES), "segment", "health_declaration"]) {
    const [{ digest }] = await db.query(
      `SELECT md5(coalesce(string_agg(r.doc, '|' ORDER BY r.doc), '')) AS digest
         FROM (SELECT (to_jsonb(t) - 'national_id_encrypted'${ENCRYPTED_COLUMNS[table] ?? ""})::text AS doc FROM "${table}" t) r`,
    );
    result[table] = digest;
  }
  return result;
}

async function distinct(db: Database, sql: string): Promise<string[]> {
  const rows: { value: string }[] = await db.query(sql);
  return rows.map((row) => row.value).sort();
}

async function count(db: Database, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row] = await db.query(sql, parameters);
  return Number(row.count);
}

const sorted = (values: object) => Object.values(values).map(String).sort();


describe("seed generator", () => {
  let db: Database;
  let other: Database | undefined;
  let report: SeedReport;
  const progress: SeedProgress[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    report = await seedDatabase(db, { ...OPTIONS, onProgress: (p) => progress.push(p) });
  });
  afterAll(async () => {
    await closeTestDatabase(db);
    await closeTestDatabase(other);
  });

  it("reports the rows it wrote", async () => {
    expect(report.customers).toBe(300);
    for (const [key, table] of Object.entries(REPORT_TABLES)) {
      expect([key, await count(db, `SELECT count(*)::int AS count FROM "${table}"`)]).toEqual([key, report[key as keyof typeof REPORT_TABLES]]);
    }
  });

  it("tells its progress after each batch of customers and before finishing", () => {
    expect(progress.map(({ done, of, unit, phase }) => ({ done, of, unit, phase }))).toEqual([
      { done: 300, of: 300, unit: "customers", phase: "loading" },
      { done: 300, of: 300, unit: "customers", phase: "finishing" },
    ]);
    expect(progress[1].millis).toBeGreaterThanOrEqual(progress[0].millis);
  });

  it("is deterministic: the same options give the same rows, another seed other rows; reset keeps the audit trail", async () => {
    other = await openTestDatabase();
    await seedDatabase(other, OPTIONS);
    const first = await digests(db);
    expect(await digests(other)).toEqual(first);

    await other.query(`INSERT INTO audit_entry (actor_id, role, operation, request_id, outcome) VALUES ($1, 'ADMIN', 'spec', 'r1', 'ALLOWED')`, [staffIdFor("admin")]);
    await expect(seedDatabase(other, { ...OPTIONS, seed: 43 })).rejects.toThrow(/already holds customers/);
    const reseeded = await seedDatabase(other, { ...OPTIONS, seed: 43, reset: true });
    expect(reseeded.customers).toBe(300);
    expect(await count(other, `SELECT count(*)::int AS count FROM audit_entry`)).toBe(1);
    const second = await digests(other);
    for (const table of ["customer", "policy", "claim", "interaction", "consent", "risk_assessment"]) expect(second[table]).not.toBe(first[table]);
    expect(second.staff_user).toBe(first.staff_user);
    expect(await seedDemoIfEmpty(other, OPTIONS)).toBeNull();
  });

  it("covers every value of the enums the API filters on", async () => {
    expect(await distinct(db, `SELECT DISTINCT status AS value FROM policy`)).toEqual(sorted(PolicyStatus));
    expect(await distinct(db, `SELECT DISTINCT status AS value FROM claim`)).toEqual(sorted(ClaimStatus));
    expect(await distinct(db, `SELECT DISTINCT status AS value FROM complaint`)).toEqual(sorted(ComplaintStatus));
    expect(await distinct(db, `SELECT DISTINCT channel AS value FROM interaction`)).toEqual(sorted(Channel));
    // the seed makes no outbound marketing contacts (what the contact policy's frequency cap counts): every other kind
    expect(await distinct(db, `SELECT DISTINCT kind AS value FROM interaction`)).toEqual(sorted(InteractionKind).filter((kind) => kind !== "MARKETING"));
    expect(await distinct(db, `SELECT DISTINCT kind AS value FROM customer`)).toEqual(sorted(CustomerKind));
    expect(await distinct(db, `SELECT DISTINCT purpose AS value FROM consent`)).toEqual(sorted(ConsentPurpose));
    expect(await distinct(db, `SELECT DISTINCT line AS value FROM product`)).toEqual(sorted(ProductLine));
    expect(await distinct(db, `SELECT DISTINCT kind AS value FROM relationship`)).toEqual(sorted(RelationshipKind).filter((k) => k !== "OTHER"));
  });

  it("creates the documented staff with ids from staffIdFor", async () => {
    const staff: { id: string; username: string; role: string; active: boolean }[] = await db.query(`SELECT id, username, role, active FROM staff_user`);
    for (const member of staff) expect(member.id).toBe(staffIdFor(member.username));
    for (const [role, usernames] of Object.entries(SEED_USERNAMES)) {
      for (const username of usernames) expect(staff.find((m) => m.username === username)).toMatchObject({ role, active: true });
    }
    expect(staff.find((m) => m.username === INACTIVE_AGENT_USERNAME)).toMatchObject({ role: "AGENT", active: false });
    expect(await count(db, `SELECT count(*)::int AS count FROM customer WHERE assigned_agent_id = $1`, [staffIdFor("former.agent")])).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM customer WHERE assigned_agent_id = $1`, [staffIdFor("agent1")])).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM customer WHERE assigned_agent_id IS NULL`)).toBe(0);
  });

  it("issues valid, sealed identity numbers that match birth date, gender and home city", async () => {
    const cipher = new PiiCipher(PII_KEY);
    const people: { encrypted: string; hash: string; birth: string; gender: string; city: string }[] = await db.query(
      `SELECT national_id_encrypted AS encrypted, national_id_hash AS hash, to_char(date_of_birth, 'YYYYMMDD') AS birth, gender, city
         FROM customer WHERE id_type = 'RESIDENT_ID'`,
    );
    expect(people.length).toBeGreaterThan(200);
    for (const person of people) {
      const id = cipher.decrypt(person.encrypted);
      expect([id, isValidResidentId(id)]).toEqual([id, true]);
      expect(cipher.blindIndex(id)).toBe(person.hash);
      expect(id.slice(6, 14)).toBe(person.birth);
      expect(CITIES.find((city) => city.name === person.city)?.districts.map((d) => d.regionCode)).toContain(id.slice(0, 6));
      if (person.gender !== "UNDISCLOSED") expect(Number(id[16]) % 2 === 1).toBe(person.gender === "MALE");
    }
    expect(await count(db, `SELECT count(*)::int AS count FROM customer WHERE erased_at IS NULL AND national_id_hash IS NULL`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM customer WHERE phone !~ '^\\+861[0-9]{10}$'`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM customer WHERE kind <> 'INDIVIDUAL' AND (id_type <> 'BUSINESS_LICENSE' OR date_of_birth IS NOT NULL)`)).toBe(0);
  });

  it("links households and employers in both directions", async () => {
    const inverse = `CASE r.kind WHEN 'CHILD' THEN 'PARENT' WHEN 'PARENT' THEN 'CHILD' WHEN 'EMPLOYER' THEN 'EMPLOYEE' WHEN 'EMPLOYEE' THEN 'EMPLOYER' ELSE r.kind END`;
    expect(
      await count(
        db,
        `SELECT count(*)::int AS count FROM relationship r WHERE NOT EXISTS (
           SELECT 1 FROM relationship b WHERE b.customer_id = r.related_customer_id AND b.related_customer_id = r.customer_id AND b.kind = ${inverse})`,
      ),
    ).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*)::int AS count FROM customer c
          WHERE c.kind = 'INDIVIDUAL' AND c.dependents <> (SELECT count(*) FROM relationship r WHERE r.customer_id = c.id AND r.kind = 'CHILD')`,
      ),
    ).toBe(0);
  });

  it("keeps policies, coverages and claims consistent", async () => {
    const violations = {
      activeOutOfTerm: `SELECT count(*)::int AS count FROM policy WHERE status = 'ACTIVE' AND NOT (start_date <= $1::date AND end_date >= $1::date AND renewal_date = end_date)`,
      endedInFuture: `SELECT count(*)::int AS count FROM policy WHERE status IN ('EXPIRED', 'LAPSED', 'CANCELLED') AND end_date >= $1::date`,
      quoteStarted: `SELECT count(*)::int AS count FROM policy WHERE status = 'QUOTED' AND start_date <= $1::date`,
      coverageOwner: `SELECT count(*)::int AS count FROM coverage v JOIN policy p ON p.id = v.policy_id WHERE v.customer_id <> p.customer_id`,
      amounts: `SELECT count(*)::int AS count FROM claim c JOIN policy p ON p.id = c.policy_id
                  WHERE c.claimed_amount > p.sum_insured OR c.approved_amount > c.claimed_amount
                     OR (c.status = 'REJECTED' AND c.approved_amount IS NOT NULL)
                     OR (c.paid_amount IS NOT NULL AND c.paid_amount <> c.approved_amount)
                     OR (c.status = 'PAID' AND c.paid_amount IS NULL)`,
      incidentOutsideCover: `SELECT count(*)::int AS count FROM claim c JOIN policy p ON p.id = c.policy_id
                  WHERE c.incident_date < p.start_date OR c.incident_date > p.end_date OR c.incident_date >= $1::date
                     OR c.reported_at < c.incident_date OR c.reported_at > $1`,
      closedAt: `SELECT count(*)::int AS count FROM claim WHERE (status IN ('CLOSED', 'REJECTED')) <> (closed_at IS NOT NULL)`,
      lastEvent: `SELECT count(*)::int AS count FROM claim c WHERE c.status <> (
                    SELECT e.to_status FROM claim_event e WHERE e.claim_id = c.id ORDER BY e.occurred_at DESC LIMIT 1)`,
      firstEvent: `SELECT count(*)::int AS count FROM claim c WHERE NOT EXISTS (
                    SELECT 1 FROM claim_event e WHERE e.claim_id = c.id AND e.from_status IS NULL AND e.to_status = 'REPORTED' AND e.occurred_at = c.reported_at)`,
      brokenChain: `SELECT count(*)::int AS count FROM (
                      SELECT from_status, lag(to_status) OVER (PARTITION BY claim_id ORDER BY occurred_at) AS previous, occurred_at FROM claim_event) e
                    WHERE e.previous IS DISTINCT FROM e.from_status OR e.occurred_at > $1`,
      eventActor: `SELECT count(*)::int AS count FROM claim_event e LEFT JOIN staff_user s ON s.id = e.actor_id WHERE s.role IS DISTINCT FROM 'CLAIMS_ADJUSTER'`,
    };
    for (const [name, sql] of Object.entries(violations)) {
      expect([name, await count(db, sql, sql.includes("$1") ? [NOW] : [])]).toEqual([name, 0]);
    }
    const [{ share }] = await db.query(`SELECT (SELECT count(DISTINCT policy_id) FROM claim)::float / count(*) AS share FROM policy`);
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.25);
  });

  it("times complaints against the 24-hour target, with overdue and not-yet-due open ones", async () => {
    const open = `status <> 'RESOLVED'`;
    expect(await count(db, `SELECT count(*)::int AS count FROM complaint WHERE due_at <> received_at + interval '24 hours'`)).toBe(0);
    expect(
      await count(
        db,
        `SELECT count(*)::int AS count FROM complaint c JOIN interaction i ON i.id = c.interaction_id
          WHERE i.kind <> 'COMPLAINT' OR i.customer_id <> c.customer_id OR i.occurred_at <> c.received_at`,
      ),
    ).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM interaction i WHERE i.kind = 'COMPLAINT' AND NOT EXISTS (SELECT 1 FROM complaint c WHERE c.interaction_id = i.id)`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM complaint WHERE (status = 'RESOLVED') <> (resolved_at IS NOT NULL AND resolution IS NOT NULL)`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM complaint WHERE (status = 'ESCALATED') <> (escalation_reason IS NOT NULL)`)).toBe(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM complaint WHERE ${open} AND due_at < $1`, [NOW])).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM complaint WHERE ${open} AND due_at > $1`, [NOW])).toBeGreaterThan(0);
    expect(await count(db, `SELECT count(*)::int AS count FROM complaint WHERE resolved_at > due_at`)).toBeGreaterThan(0);
  });

  it("keeps service contacts within the last two years and before now, with a realistic satisfaction index", async () => {
    expect(
      await count(
        db,
        `SELECT count(*)::int AS count FROM interaction
          WHERE occurred_at > $1 OR occurred_at < $1::timestamptz - interval '731 days' OR first_response_at < occurred_at
             OR resolved_at > $1 OR first_response_at > $1 OR (status = 'RESOLVED') <> (resolved_at IS NOT NULL) OR idempotency_key IS NOT NULL`,
        [NOW],
      ),
    ).toBe(0);
    const [{ index, rated }] = await db.query(`SELECT avg(satisfaction) * 20 AS index, count(satisfaction)::float / count(*) AS rated FROM interaction`);
    expect(Number(index)).toBeGreaterThan(75);
    expect(Number(index)).toBeLessThan(92);
    expect(rated).toBeGreaterThan(0.5);
    expect(rated).toBeLessThan(0.7);
  });

  it("derives risk scores and tiers from the matrix and keeps timestamps at or before now", async () => {
    expect(
      await count(
        db,
        `SELECT count(*)::int AS count FROM risk_assessment
          WHERE score <> round(likelihood * impact * 4) OR assessed_at > $1
             OR tier <> CASE WHEN score < 25 THEN 'LOW' WHEN score < 50 THEN 'MEDIUM' WHEN score < 75 THEN 'HIGH' ELSE 'CRITICAL' END
             OR jsonb_array_length(factors) = 0`,
        [NOW],
      ),
    ).toBe(0);
    for (const [table, column] of [["customer", "updated_at"], ["policy", "updated_at"], ["claim", "updated_at"], ["consent", "recorded_at"], ["offer_response", "responded_at"]]) {
      expect([table, await count(db, `SELECT count(*)::int AS count FROM "${table}" WHERE ${column} > $1`, [NOW])]).toEqual([table, 0]);
    }
  });
});
