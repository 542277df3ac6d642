import { Role } from "../src/auth/role";
import { piiCipherFor } from "../src/modules/customer/customer-identity.service";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { RECORD_INTERACTION } from "./support/operations";

const VERIFY = /* GraphQL */ `mutation Verify($input: VerifyCallerInput!) {
  verifyCaller(input: $input) { id passed identifiedBy checkedFacts verifiedAt expiresAt customer { id customerNumber fullName phone email nationalId dateOfBirth } }
}`;
const CUSTOMER = /* GraphQL */ `query ($id: ID!) { customer(id: $id) { id fullName phone nationalId dateOfBirth } }`;

interface Caller {
  id: string;
  customerNumber: string;
  phone: string;
  dateOfBirth: string;
  last4: string;
  policyNumber: string | null;
}

describe("the contact centre (SERVICE_REP): a caller is served only once verified", () => {
  let app: TestApp;
  let rep1: string;
  let rep2: string;
  let callers: Caller[];

  beforeAll(async () => {
    app = await startTestApp({ customers: 12, env: { LOOKUPS_PER_HOUR: "40" } });
    rep1 = await app.token(Role.SERVICE_REP, { user: "rep1" });
    rep2 = await app.token(Role.SERVICE_REP, { user: "rep2" });
    const cipher = piiCipherFor(app.config.piiEncryptionKey);
    const rows: { id: string; customer_number: string; phone: string; dob: string; nid: string; policy_number: string | null }[] = await app.db.query(
      `SELECT c.id, c.customer_number, c.phone, to_char(c.date_of_birth, 'YYYY-MM-DD') AS dob, c.national_id_encrypted AS nid,
              (SELECT p.policy_number FROM policy p WHERE p.customer_id = c.id ORDER BY p.policy_number LIMIT 1) AS policy_number
         FROM customer c
        WHERE c.erased_at IS NULL AND c.phone IS NOT NULL AND c.date_of_birth IS NOT NULL AND c.national_id_encrypted IS NOT NULL
          AND (SELECT count(*) FROM customer o WHERE o.phone = c.phone) = 1
        ORDER BY c.customer_number LIMIT 6`,
    );
    expect(rows.length).toBe(6);
    callers = rows.map((row) => ({
      id: row.id, customerNumber: row.customer_number, phone: row.phone, dateOfBirth: row.dob, last4: cipher.decrypt(row.nid).slice(-4), policyNumber: row.policy_number,
    }));
  });
  afterAll(() => app?.close());

  const verify = async (token: string, input: Record<string, unknown>) => {
    const res = await app.gql(VERIFY, { token, variables: { input } });
    return res;
  };
  const sees = async (token: string, id: string) => (await app.gql(CUSTOMER, { token, variables: { id } })).body.data?.customer ?? null;
  /** A wrong date of birth that is still a date. */
  const otherDay = (date: string) => `${date.slice(0, 8)}${date.slice(8) === "15" ? "16" : "15"}`;

  it("opens a verified caller's record to that representative only, for 30 minutes: contact data and the service record in full, identity masked, nothing financial or internal", async () => {
    const [caller] = callers;
    expect(await sees(rep1, caller.id)).toBeNull(); // before verification: as if there were no such customer
    const listed = await app.gql(`{ customers(first: 50) { totalCount } }`, { token: rep1 });
    expect(listed.body.data!.customers.totalCount).toBe(0);

    const res = await verify(rep1, { customerNumber: caller.customerNumber, dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 });
    expect(res.body.errors).toBeUndefined();
    const verification = res.body.data!.verifyCaller;
    expect(verification).toMatchObject({ passed: true, identifiedBy: "CUSTOMER_NUMBER", checkedFacts: ["DATE_OF_BIRTH", "NATIONAL_ID_LAST4"] });
    expect(Date.parse(verification.expiresAt) - Date.parse(verification.verifiedAt)).toBe(30 * 60_000);
    const [{ phone, full_name: fullName }] = await app.db.query(`SELECT phone, full_name FROM customer WHERE id = $1`, [caller.id]);
    expect(verification.customer).toMatchObject({ id: caller.id, customerNumber: caller.customerNumber, fullName, phone, dateOfBirth: caller.dateOfBirth.slice(0, 4) });
    expect(verification.customer.nationalId).toMatch(new RegExp(`^\\d{3}\\*{11}${caller.last4}$`)); // masked as an agent sees it

    expect(await sees(rep1, caller.id)).toMatchObject({ id: caller.id, fullName });
    expect(await sees(rep2, caller.id)).toBeNull(); // another representative has not verified them
    const financial = await app.gql(
      `query ($id: ID!) { customer(id: $id) { annualIncome { band } interactions(first: 50) { edges { node { subject notes } } } claims(first: 5) { edges { node { status fraudScore } } } } }`,
      { token: rep1, variables: { id: caller.id } },
    );
    expect([...new Set(financial.body.errors?.map((e) => `${e.path?.[e.path.length - 1]}:${e.extensions?.code}`))].sort()).toEqual(
      (financial.body.data!.customer.claims.edges.length > 0 ? ["annualIncome:FORBIDDEN", "fraudScore:FORBIDDEN"] : ["annualIncome:FORBIDDEN"]));
    expect(financial.body.data?.customer?.annualIncome ?? null).toBeNull();
    // the service record (SERVICE) in full: the contacts' notes as stored
    const contacts: { node: { notes: string | null } }[] = financial.body.data!.customer.interactions.edges;
    const stored: { notes: string | null }[] = await app.db.query(`SELECT notes FROM interaction WHERE customer_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 50`, [caller.id]);
    expect(contacts.map((edge) => edge.node.notes).sort()).toEqual(stored.map((row) => row.notes).sort());
    expect(stored.some((row) => row.notes !== null)).toBe(true);

    // expired: out of scope again
    await app.db.query(`UPDATE caller_verification SET expires_at = now() - interval '1 second' WHERE id = $1`, [verification.id]);
    expect(await sees(rep1, caller.id)).toBeNull();
  });

  it("gives one answer for an unknown identifier, a wrong fact and a locked customer, and keeps every attempt", async () => {
    const caller = callers[1];
    const wrongDay = await verify(rep1, { customerNumber: caller.customerNumber, dateOfBirth: otherDay(caller.dateOfBirth), nationalIdLast4: caller.last4 });
    const wrongId = await verify(rep1, { customerNumber: caller.customerNumber, dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 === "0000" ? "1111" : "0000" });
    const unknown = await verify(rep1, { customerNumber: "C999999999", dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 });
    const answers = [wrongDay, wrongId, unknown].map((res) => {
      expect(res.body.errors).toBeUndefined();
      const { id: _id, verifiedAt: _at, ...rest } = res.body.data!.verifyCaller;
      return rest;
    });
    expect(answers).toEqual(Array(3).fill({ passed: false, identifiedBy: "CUSTOMER_NUMBER", checkedFacts: ["DATE_OF_BIRTH", "NATIONAL_ID_LAST4"], expiresAt: null, customer: null }));
    // kept: the first two against the customer named, the unknown one against nobody
    const kept: { customer_id: string | null; passed: boolean }[] = await app.db.query(
      `SELECT customer_id, passed FROM caller_verification WHERE id = ANY($1::uuid[]) ORDER BY verified_at, id`,
      [[wrongDay, wrongId, unknown].map((res) => res.body.data!.verifyCaller.id)],
    );
    expect(kept.map((row) => row.customer_id).sort()).toEqual([caller.id, caller.id, null].sort());
    // the third failure within the hour locks the customer: the right facts do not pass now
    await verify(rep2, { customerNumber: caller.customerNumber, dateOfBirth: otherDay(caller.dateOfBirth), nationalIdLast4: caller.last4 });
    const locked = await verify(rep1, { customerNumber: caller.customerNumber, dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 });
    expect(locked.body.data!.verifyCaller).toMatchObject({ passed: false, customer: null, expiresAt: null });
    expect(await sees(rep1, caller.id)).toBeNull();
    // an hour later it passes
    await app.db.query(`UPDATE caller_verification SET verified_at = verified_at - interval '61 minutes' WHERE customer_id = $1`, [caller.id]);
    expect((await verify(rep1, { customerNumber: caller.customerNumber, dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 })).body.data!.verifyCaller.passed).toBe(true);

    // every attempt is a look-up in the access audit, hit or miss
    const audited: { customer_id: string | null; fields: string[] }[] = await app.db.query(
      `SELECT customer_id, fields FROM audit_entry WHERE actor_id = $1 AND outcome = 'LOOKUP' AND operation = 'Verify' ORDER BY at`,
      [staffIdFor("rep1")],
    );
    expect(audited.filter((row) => row.customer_id === null).length).toBeGreaterThanOrEqual(1);
    expect(audited.filter((row) => row.customer_id === caller.id).length).toBeGreaterThanOrEqual(4);
    expect(audited.every((row) => [...row.fields].sort().join() === "Customer.dateOfBirth,Customer.nationalId")).toBe(true);
  });

  it("identifies by the phone the caller calls from (any usual form) or by a policy number", async () => {
    const caller = callers[2];
    const national = caller.phone.replace(/^\+86/, "");
    const spaced = `${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
    const byPhone = await verify(rep2, { phone: spaced, dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 });
    expect(byPhone.body.data!.verifyCaller).toMatchObject({ passed: true, identifiedBy: "PHONE", customer: { id: caller.id } });
    const withPolicy = callers.find((c) => c.policyNumber !== null && c !== caller)!;
    const byPolicy = await verify(rep2, { policyNumber: withPolicy.policyNumber, dateOfBirth: withPolicy.dateOfBirth, nationalIdLast4: withPolicy.last4.toLowerCase() });
    expect(byPolicy.body.data!.verifyCaller).toMatchObject({ passed: true, identifiedBy: "POLICY_NUMBER", customer: { id: withPolicy.id } });
  });

  it("lets a representative record a contact, a consent decision, a do-not-contact wish and a case for a verified caller only", async () => {
    const [verified, other] = [callers[3], callers[4]];
    expect((await verify(rep1, { customerNumber: verified.customerNumber, dateOfBirth: verified.dateOfBirth, nationalIdLast4: verified.last4 })).body.data!.verifyCaller.passed).toBe(true);
    const input = (customerId: string) => ({ input: { customerId, channel: "HOTLINE", kind: "INQUIRY", direction: "INBOUND", subject: "Grace period question" } });
    const recorded = await app.gql(RECORD_INTERACTION, { token: rep1, variables: input(verified.id) });
    expect(recorded.body.errors).toBeUndefined();
    const refused = await app.gql(RECORD_INTERACTION, { token: rep1, variables: input(other.id) });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM interaction WHERE customer_id = $1 AND subject = 'Grace period question'`, [other.id]);
    expect(n).toBe(0);
    // "do not call me with offers": the caller's wish taken on the phone, for the verified caller only
    const SET_CONSENT = `mutation ($i: SetConsentInput!) { setConsent(input: $i) { purpose granted contactChannel } }`;
    const withdraw = (customerId: string) => ({ i: { customerId, purpose: "MARKETING", granted: false, channel: "HOTLINE", contactChannel: "PHONE" } });
    const withdrawn = await app.gql(SET_CONSENT, { token: rep1, variables: withdraw(verified.id) });
    expect(withdrawn.body.errors).toBeUndefined();
    expect(withdrawn.body.data!.setConsent).toEqual({ purpose: "MARKETING", granted: false, contactChannel: "PHONE" });
    expect((await app.gql(SET_CONSENT, { token: rep1, variables: withdraw(other.id) })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const DO_NOT_CONTACT = `mutation ($id: ID!) { setDoNotContact(customerId: $id, doNotContact: true, reason: "Asked on the hotline") { doNotContact doNotContactReason doNotContactSetBy } }`;
    const listed = await app.gql(DO_NOT_CONTACT, { token: rep1, variables: { id: verified.id } });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data!.setDoNotContact).toEqual({ doNotContact: true, doNotContactReason: "Asked on the hotline", doNotContactSetBy: staffIdFor("rep1") });
    expect((await app.gql(DO_NOT_CONTACT, { token: rep1, variables: { id: other.id } })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    // a case for the caller's request, opened and read back with its service record; none for an unverified customer
    const OPEN_CASE = `mutation ($i: OpenCaseInput!) { openCase(input: $i) { status channel queue subject notes customer { id } } }`;
    const request = (customerId: string) => ({ i: { customerId, channel: "HOTLINE", subject: "Change of address", notes: "Caller moved; documents to follow" } });
    const opened = await app.gql(OPEN_CASE, { token: rep1, variables: request(verified.id) });
    expect(opened.body.errors).toBeUndefined();
    expect(opened.body.data!.openCase).toEqual({
      status: "NEW", channel: "HOTLINE", queue: "GENERAL", subject: "Change of address", notes: "Caller moved; documents to follow", customer: { id: verified.id },
    });
    expect((await app.gql(OPEN_CASE, { token: rep1, variables: request(other.id) })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses other roles and bad input with clear codes", async () => {
    const caller = callers[5];
    const good = { customerNumber: caller.customerNumber, dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 };
    for (const role of [Role.AGENT, Role.MARKETING, Role.ADMIN, Role.INTEGRATION]) {
      expect([role, (await verify(await app.token(role), good)).body.errors?.[0]?.extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
    const bad: [Record<string, unknown>, string][] = [
      [{ ...good, phone: caller.phone }, "input"],
      [{ dateOfBirth: caller.dateOfBirth, nationalIdLast4: caller.last4 }, "input"],
      [{ ...good, dateOfBirth: "1980-02-30" }, "input.dateOfBirth"],
      [{ ...good, nationalIdLast4: "12a4" }, "input.nationalIdLast4"],
      [{ ...good, customerNumber: undefined, phone: "not a phone" }, "input.phone"],
    ];
    for (const [input, field] of bad) {
      const res = await verify(rep2, input);
      expect([field, res.body.errors?.[0]?.extensions?.code, res.body.errors?.[0]?.extensions?.field]).toEqual([field, "BAD_USER_INPUT", field]);
    }
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM caller_verification WHERE customer_id = $1`, [caller.id]);
    expect(n).toBe(0); // refused input is no attempt
  });
});
