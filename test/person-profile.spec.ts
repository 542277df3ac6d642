import { KEY_KIND_CODES } from "../src/modules/identity/matching/key-kinds";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

const LINK = `mutation ($a: ID!, $b: ID!, $reason: String!) { linkCustomers(customerId: $a, otherCustomerId: $b, reason: $reason) { id } }`;
const UNLINK = `mutation ($id: ID!, $reason: String!) { unlinkCustomer(customerId: $id, reason: $reason) { id } }`;
const PERSON = `query ($id: ID!) {
  customer(id: $id) {
    id
    person {
      id
      records { id customerNumber fullName }
      profile {
        fullName email phone address city region dateOfBirth gender occupation occupationClass
        provenance { attribute rule recordId customerNumber sourceSystem recordUpdatedAt }
      }
    }
  }
}`;

type Provenance = { attribute: string; rule: string; recordId: string; customerNumber: string; sourceSystem: string | null; recordUpdatedAt: string };

/**
 * Three records of one person with deliberately different values: A and B in agent1's book, C in
 * agent2's, C also sent by the core policy system (CORE_PAS, first in the default priority).
 */
const FIXTURE = [
  { name: "Li Na", email: "li.na@old.example", phone: "+8613800000001", address: "1 Xihu Road", city: "Hangzhou", region: "Zhejiang", dob: "1985-04-12", updated: "2026-01-05", agent: "agent1" },
  { name: "Li Na", email: "li.na@new.example", phone: null, address: "8 Binjiang Street", city: "Ningbo", region: "Zhejiang", dob: "1985-12-04", updated: "2026-03-01", agent: "agent1" },
  { name: "Li Nah", email: null, phone: "+8613800000003", address: "3 Nanjing Road", city: "Shanghai", region: "Shanghai", dob: "1985-04-12", updated: "2026-02-10", agent: "agent2" },
];

describe("a linked person's unified profile: survivorship, provenance, row scope, erasure", () => {
  let app: TestApp;
  let compliance: string;
  let ids: string[];

  const read = async (token: string, id: string) => {
    const res = await app.gql(PERSON, { token, variables: { id } });
    return res;
  };
  const provenanceOf = (person: { profile: { provenance: Provenance[] } }) => Object.fromEntries(person.profile.provenance.map((p) => [p.attribute, p]));

  beforeAll(async () => {
    app = await startTestApp({ customers: 12 });
    compliance = await app.token(Role.COMPLIANCE);
    const rows: { id: string }[] = await app.db.query(
      `SELECT id FROM customer WHERE kind = 'INDIVIDUAL' AND erased_at IS NULL ORDER BY customer_number LIMIT 3`,
    );
    ids = rows.map((row) => row.id);
    for (const [i, record] of FIXTURE.entries()) {
      await app.db.query(
        `UPDATE customer SET full_name = $2, email = $3, phone = $4, address = $5, city = $6, region = $7, date_of_birth = $8,
                occupation = 'Teacher', occupation_class = 1, assigned_agent_id = $9, updated_at = $10 WHERE id = $1`,
        [ids[i], record.name, record.email, record.phone, record.address, record.city, record.region, record.dob, staffIdFor(record.agent), record.updated],
      );
    }
    await app.db.query(
      `INSERT INTO source_key (entity_kind, record_id, source_system, source_id, last_seen_at) VALUES ('customer', $1, 'CORE_PAS', 'PAS-LINA-3', now())`,
      [ids[2]],
    );
    await app.db.query(`DELETE FROM person_link WHERE customer_id = ANY($1)`, [ids]);
  });
  afterAll(() => app?.close());

  it("has no person while a record is linked to nothing", async () => {
    const res = await read(compliance, ids[0]);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customer.person).toBeNull();
  });

  it("shows every linked record and one profile, each attribute from the record its rule chooses, with provenance", async () => {
    for (const [a, b] of [[ids[0], ids[1]], [ids[1], ids[2]]]) {
      const linked = await app.gql(LINK, { token: compliance, variables: { a, b, reason: "same person, checked by phone" } });
      expect(linked.body.errors).toBeUndefined();
    }
    const admin = await app.token(Role.ADMIN);
    const res = await read(admin, ids[0]);
    expect(res.body.errors).toBeUndefined();
    const person = res.body.data!.customer.person;
    expect(person.records.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
    // the same person from another record
    const fromC = await read(admin, ids[2]);
    expect(fromC.body.data!.customer.person.id).toBe(person.id);

    expect(person.profile).toMatchObject({
      fullName: "Li Na", // MOST_FREQUENT: two records hold it; B is the more recent holder
      email: "li.na@new.example", // MOST_RECENT among records holding one: B
      phone: "+8613800000003", // MOST_RECENT among holders: C (B holds none)
      address: "8 Binjiang Street", city: "Ningbo", region: "Zhejiang", // B's address with B's city
      dateOfBirth: "1985", // masked for every staff role (the year); SOURCE_PRIORITY chose C, which CORE_PAS sent
      occupation: "Teacher", occupationClass: 1,
    });
    const provenance = provenanceOf(person);
    expect(provenance.fullName).toMatchObject({ rule: "MOST_FREQUENT", recordId: ids[1], sourceSystem: "customer360" });
    expect(provenance.email).toMatchObject({ rule: "MOST_RECENT", recordId: ids[1] });
    expect(provenance.phone).toMatchObject({ rule: "MOST_RECENT", recordId: ids[2] });
    expect(provenance.dateOfBirth).toMatchObject({ rule: "SOURCE_PRIORITY", recordId: ids[2], sourceSystem: "CORE_PAS" });
    expect(provenance.address.recordUpdatedAt).toBe("2026-03-01T00:00:00.000Z");
    // the person, its records and their systems of record cost one statement more than the record alone, however many records
    const plain = await app.gql(`query ($id: ID!) { customer(id: $id) { id fullName } }`, { token: admin, variables: { id: ids[0] } });
    expect(plain.statements).toBeGreaterThan(0);
    expect(res.statements).toBe(plain.statements + 1);
    // read through the executor (the compiled reads do not plan Customer.person)
    expect(res.path).not.toBe("compiled");

    // the access audit names the record each profile value came from
    const audited: { customer_id: string; fields: string[] }[] = await app.db.query(
      `SELECT customer_id, fields FROM audit_entry WHERE actor_id = $1 AND 'PersonProfile.dateOfBirth' = ANY(fields)`,
      [staffIdFor("admin")],
    );
    expect(audited.map((row) => row.customer_id)).toContain(ids[2]);
    expect(audited.filter((row) => row.customer_id === ids[0]).flatMap((row) => row.fields)).not.toContain("PersonProfile.dateOfBirth");
  });

  it("masks profile values as the role sees the Customer field, and compares no hidden values for it", async () => {
    const res = await read(compliance, ids[0]); // COMPLIANCE: CONTACT and IDENTITY masked
    expect(res.body.errors).toBeUndefined();
    const person = res.body.data!.customer.person;
    expect(person.profile.dateOfBirth).toBe("1985");
    expect(person.profile.fullName).not.toContain("Li Na");
    expect(person.profile.phone).toMatch(/\*/);
    // a name compared by value would tell which records hold equal names: the most recent record gives it (B)
    expect(provenanceOf(person).fullName).toMatchObject({ rule: "MOST_RECENT", recordId: ids[1] });
  });

  it("never widens row scope: an agent sees the person only through records in their book", async () => {
    const agent1 = await app.token(Role.AGENT, { user: "agent1" });
    const res = await read(agent1, ids[0]);
    expect(res.body.errors).toBeUndefined();
    const person = res.body.data!.customer.person;
    // C (agent2's book) is neither listed nor used: the phone and birth date come from A and B only
    expect(person.records.map((r: { id: string }) => r.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(person.profile.phone).toBe("+8613800000001");
    expect(person.profile.dateOfBirth).toBe("1985"); // masked for agents: the year
    expect(provenanceOf(person).dateOfBirth).toMatchObject({ rule: "SOURCE_PRIORITY", recordId: ids[1] }); // no CORE_PAS record in sight: the more recent

    expect(JSON.stringify(res.body)).not.toContain(ids[2]);

    // agent2 has one record of the person in their book: to them, no person at all
    const agent2 = await app.token(Role.AGENT, { user: "agent2" });
    const alone = await read(agent2, ids[2]);
    expect(alone.body.errors).toBeUndefined();
    expect(alone.body.data!.customer.person).toBeNull();
  });

  it("withholds what a role may not read: MARKETING gets no birth date and no provenance for it", async () => {
    await app.db.query(`INSERT INTO consent (customer_id, purpose, granted, recorded_at) SELECT id, 'MARKETING', true, now() FROM unnest($1::uuid[]) AS t(id)`, [ids]);
    const marketing = await app.token(Role.MARKETING);
    const res = await read(marketing, ids[0]);
    const person = res.body.data!.customer.person;
    expect(person.profile.dateOfBirth).toBeNull();
    expect(res.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["customer.person.profile.dateOfBirth", "FORBIDDEN"]]);
    expect(Object.keys(provenanceOf(person))).not.toContain("dateOfBirth");
  });

  it("exports the record's links and the pairs found with it (either side), the other record's id and the score for staff only", async () => {
    const EXPORT = `mutation ($id: ID!) { exportCustomerData(customerId: $id) { records withheld { table field reason } } }`;
    const stranger = (await app.db.query(`SELECT id FROM customer WHERE id <> ALL($1) ORDER BY customer_number LIMIT 1`, [ids]))[0].id;
    await app.db.query(
      `INSERT INTO duplicate_candidate (customer_id, candidate_customer_id, reason, status, score, match_weight, decision_reason)
       VALUES ($1, $2, 'MATCH_SCORE', 'REJECTED', 0.71, 16.2, 'twins')`,
      [stranger, ids[0]],
    );
    const person = (await read(compliance, ids[0])).body.data!.customer.person;
    const own = await app.gql(EXPORT, { token: await app.token(Role.CUSTOMER, { sub: ids[0] }), variables: { id: ids[0] } });
    expect(own.body.errors).toBeUndefined();
    const mine = own.body.data!.exportCustomerData;
    expect(mine.records.person_link).toEqual([expect.objectContaining({ customerId: ids[0], personId: person.id })]);
    const pair = mine.records.duplicate_candidate.find((row: { reason: string; status: string }) => row.status === "REJECTED");
    expect(pair).toMatchObject({ reason: "MATCH_SCORE", status: "REJECTED" });
    expect(pair).not.toHaveProperty("customerId"); // the other record may be another person's
    expect(pair).not.toHaveProperty("score");
    expect(JSON.stringify(mine.records)).not.toContain(stranger);
    const withheld = mine.withheld.map((w: { table: string; field: string; reason: string }) => `${w.table}.${w.field}:${w.reason}`);
    expect(withheld).toEqual(expect.arrayContaining(["duplicate_candidate.customerId:FIELD_POLICY", "duplicate_candidate.score:FIELD_POLICY", "customer_match_key.digest:FIELD_POLICY"]));
    // the key table stores kinds as codes; the export names them
    const kinds: string[] = mine.records.customer_match_key.map((key: { kind: string }) => key.kind);
    expect(kinds.length).toBeGreaterThanOrEqual(5);
    expect(kinds.filter((kind) => !(kind in KEY_KIND_CODES))).toEqual([]);

    const staff = (await app.gql(EXPORT, { token: compliance, variables: { id: ids[0] } })).body.data!.exportCustomerData;
    expect(staff.records.duplicate_candidate.find((row: { status: string }) => row.status === "REJECTED")).toMatchObject({ customerId: stranger, score: 0.71, decisionReason: "twins" });
  });

  it("unlinking leaves no person behind where one record remains", async () => {
    const res = await app.gql(UNLINK, { token: compliance, variables: { id: ids[2], reason: "not the same person after all" } });
    expect(res.body.errors).toBeUndefined();
    const admin = await app.token(Role.ADMIN);
    const after = await read(admin, ids[0]);
    expect(after.body.data!.customer.person.records.map((r: { id: string }) => r.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(after.body.data!.customer.person.profile.phone).toBe("+8613800000001");
    expect((await read(admin, ids[2])).body.data!.customer.person).toBeNull();
  });

  it("erases the whole person: every linked record, each audited; a record no longer linked is left alone", async () => {
    const ERASE = `mutation ($id: ID!, $reason: String!) { eraseCustomer(customerId: $id, reason: $reason) { id erasedAt } }`;
    const res = await app.gql(ERASE, { token: compliance, variables: { id: ids[0], reason: "DSAR-2026-118" } });
    expect(res.body.errors).toBeUndefined();
    const rows: { id: string; erased: boolean; email: string | null }[] = await app.db.query(
      `SELECT id, erased_at IS NOT NULL AS erased, email FROM customer WHERE id = ANY($1)`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect([byId.get(ids[0])!.erased, byId.get(ids[1])!.erased, byId.get(ids[2])!.erased]).toEqual([true, true, false]);
    expect(byId.get(ids[1])!.email).toBeNull();
    expect(byId.get(ids[2])!.email).toBeNull(); // C held no e-mail: unchanged, not erased
    const audited: { customer_id: string }[] = await app.db.query(
      `SELECT customer_id FROM audit_entry WHERE operation = 'eraseCustomer' AND outcome = 'ERASED' AND purpose = 'DSAR-2026-118' ORDER BY customer_id`,
    );
    expect(audited.map((row) => row.customer_id)).toEqual([ids[0], ids[1]].sort());
    // the person's profile holds no erased value
    const admin = await app.token(Role.ADMIN);
    const after = await read(admin, ids[1]);
    expect(after.body.data!.customer.person.profile).toMatchObject({ fullName: null, email: null, phone: null });
    expect(after.body.data!.customer.person.profile.provenance).toEqual([]);
  });
});

describe("consent across linked records: refusal wins, a grant holds only where it was given", () => {
  let app: TestApp;
  let admin: string;
  let ids: string[];
  const SET_CONSENT = `mutation ($input: SetConsentInput!) { setConsent(input: $input) { id granted } }`;
  const CONSENTS = `query ($id: ID!) { customer(id: $id) { id consents { purpose granted } consentsInForce { purpose granted refusedOnLinkedRecord } } }`;
  const INCOME = `query ($id: ID!) { customer(id: $id) { id annualIncome { band } } }`;
  const PREVIEW = `query ($rule: SegmentRuleInput!) { previewSegment(rule: $rule) { count } }`;
  const OFFERS = `query { offers(first: 100) { edges { node { customer { id } } } } }`;
  const MARKETING_RULE = { condition: { field: "CONSENT_GRANTED", op: "EQ", value: true, purpose: "MARKETING" } };

  const decide = async (customerId: string, purpose: string, granted: boolean) => {
    const res = await app.gql(SET_CONSENT, { token: admin, variables: { input: { customerId, purpose, granted, channel: "APP" } } });
    expect(res.body.errors).toBeUndefined();
  };
  const inForce = async (id: string) => {
    const res = await app.gql(CONSENTS, { token: admin, variables: { id } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.customer as { consents: { purpose: string; granted: boolean }[]; consentsInForce: { purpose: string; granted: boolean; refusedOnLinkedRecord: boolean }[] };
  };
  const marketingCount = async () => (await app.gql(PREVIEW, { token: admin, variables: { rule: MARKETING_RULE } })).body.data!.previewSegment.count as number;
  const offered = async (token: string) => {
    const res = await app.gql(OFFERS, { token });
    expect(res.body.errors).toBeUndefined();
    return new Set(res.body.data!.offers.edges.map((edge: { node: { customer: { id: string } } }) => edge.node.customer.id));
  };

  beforeAll(async () => {
    app = await startTestApp({ customers: 12 });
    admin = await app.token(Role.ADMIN);
    ids = (await app.db.query(`SELECT id FROM customer WHERE kind = 'INDIVIDUAL' AND erased_at IS NULL ORDER BY customer_number LIMIT 2`)).map((row: { id: string }) => row.id);
    await app.db.query(`DELETE FROM consent WHERE customer_id = ANY($1)`, [ids]);
    await app.db.query(`DELETE FROM person_link WHERE customer_id = ANY($1)`, [ids]);
    await app.db.query(`UPDATE customer SET annual_income = 36000000 WHERE id = ANY($1)`, [ids]);
    for (const id of ids) for (const purpose of ["MARKETING", "SENSITIVE_DATA"]) await decide(id, purpose, true);
  });
  afterAll(() => app?.close());

  it("lets a withdrawal on one record hold for the whole person in every use, and lets go of it when unlinked", async () => {
    const [a, b] = ids;
    const compliance = await app.token(Role.COMPLIANCE);
    const linked = await app.gql(`mutation ($a: ID!, $b: ID!) { linkCustomers(customerId: $a, otherCustomerId: $b, reason: "one person") { id } }`, {
      token: compliance, variables: { a, b },
    });
    expect(linked.body.errors).toBeUndefined();
    const marketing = await app.token(Role.MARKETING);
    const underwriter = await app.token(Role.UNDERWRITER);
    const before = { count: await marketingCount(), offered: await offered(marketing) };
    expect(before.offered.has(a)).toBe(true);
    expect((await app.gql(INCOME, { token: underwriter, variables: { id: a } })).body.data!.customer.annualIncome).not.toBeNull();

    await decide(b, "MARKETING", false);
    await decide(b, "SENSITIVE_DATA", false);

    // A's own decisions are unchanged; what holds on A is B's refusal
    const onA = await inForce(a);
    expect(onA.consents.find((c) => c.purpose === "MARKETING")!.granted).toBe(true);
    expect(onA.consentsInForce.find((c) => c.purpose === "MARKETING")).toEqual({ purpose: "MARKETING", granted: false, refusedOnLinkedRecord: true });
    expect(onA.consentsInForce.find((c) => c.purpose === "SENSITIVE_DATA")!.granted).toBe(false);
    // row scope (MARKETING), segment rules, offers and consent-bound fields all read the decision in force
    const hidden = await app.gql(`query ($id: ID!) { customer(id: $id) { id } }`, { token: marketing, variables: { id: a } });
    expect(hidden.body.data?.customer ?? null).toBeNull();
    expect(await marketingCount()).toBe(before.count - 2);
    expect((await offered(marketing)).has(a)).toBe(false);
    const income = await app.gql(INCOME, { token: underwriter, variables: { id: a } });
    expect(income.body.data!.customer.annualIncome).toBeNull();
    expect(income.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", reason: "CONSENT_REQUIRED" });

    // unlinked, B's refusal is B's alone again
    const unlinked = await app.gql(`mutation ($b: ID!) { unlinkCustomer(customerId: $b, reason: "two people") { id } }`, { token: compliance, variables: { b } });
    expect(unlinked.body.errors).toBeUndefined();
    expect((await inForce(a)).consentsInForce.find((c) => c.purpose === "MARKETING")).toEqual({ purpose: "MARKETING", granted: true, refusedOnLinkedRecord: false });
    expect(await marketingCount()).toBe(before.count - 1);
    expect((await offered(marketing)).has(a)).toBe(true);
    expect((await app.gql(INCOME, { token: underwriter, variables: { id: a } })).body.data!.customer.annualIncome).not.toBeNull();
  });
});
