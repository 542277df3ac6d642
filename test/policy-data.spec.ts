import { Role } from "../src/auth/role";
import { maskAddress, maskDateOfBirth, maskName, maskNationalId, maskPlate, maskVin } from "../src/auth/masking";
import { BillingStatus, billingStatusOf, GRACE_PERIOD_DAYS, InstalmentStatus, instalmentStatus } from "../src/modules/policy/premium-billing";
import { PiiCipher } from "../src/shared/pii-crypto";
import { startTestApp, type TestApp } from "./support/app";

/** Policy participants, insured objects and premium instalments in the 360, under the field policy. */
const POLICIES = /* GraphQL */ `
  query PolicyData($id: ID!) {
    customer(id: $id) {
      id
      policies(first: 50) { edges { node {
        id policyNumber status billingStatus
        participants { id role order sharePercent relationship participantCustomerId name dateOfBirth nationalId customer { id } }
        insuredObjects { id kind plate vin make model year address city region constructionYear sumInsured { amount currency } participantId }
        instalments { id dueDate amount { amount currency } paidAt status }
      } } }
    }
  }
`;

const BILLING = `query ($id: ID!) { policy(id: $id) { billingStatus instalments { dueDate status } } }`;
const BILLING_360 = `query ($id: ID!) { customer(id: $id) { policies(first: 50) { edges { node { id billingStatus } } } } }`;

const today = () => new Date().toISOString().slice(0, 10);
const daysFrom = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe("policy data: participants, insured objects, premium billing", () => {
  let app: TestApp;
  let cipher: PiiCipher;
  /** A customer with a named (non-customer) beneficiary, MARKETING consent granted and an agent. */
  let holder: { id: string; agent: string };
  let beneficiaryPolicyId: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 150 });
    cipher = new PiiCipher(app.config.piiEncryptionKey);
    const [row] = await app.db.query(
      `SELECT c.id, s.username AS agent, pp.policy_id FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id
         JOIN policy_participant pp ON pp.customer_id = c.id AND pp.role = 'BENEFICIARY' AND pp.name IS NOT NULL AND pp.national_id_encrypted IS NOT NULL
       WHERE c.erased_at IS NULL
         AND (SELECT granted FROM consent x WHERE x.customer_id = c.id AND x.purpose = 'MARKETING' ORDER BY recorded_at DESC LIMIT 1)
       ORDER BY c.customer_number, pp.policy_id LIMIT 1`,
    );
    expect(row).toBeDefined();
    holder = { id: row.id, agent: row.agent };
    beneficiaryPolicyId = row.policy_id;
  });
  afterAll(() => app?.close());

  function policyOf(body: any, policyId: string): any {
    return body.data.customer.policies.edges.map((e: any) => e.node).find((p: any) => p.id === policyId);
  }

  it("shows participants, insured objects and instalments of a policy exactly as stored (the customer, for self)", async () => {
    const token = await app.token(Role.CUSTOMER, { sub: holder.id });
    const res = await app.gql(POLICIES, { token, variables: { id: holder.id } });
    expect(res.body.errors).toBeUndefined();
    const policy = policyOf(res.body, beneficiaryPolicyId);

    const participants = await app.db.query(
      `SELECT id, role, ordinal, share_percent, relationship, participant_customer_id, name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob, national_id_encrypted
         FROM policy_participant WHERE policy_id = $1 ORDER BY role, ordinal, id`,
      [beneficiaryPolicyId],
    );
    expect(policy.participants).toEqual(
      participants.map((p: any) => ({
        id: p.id, role: p.role, order: p.ordinal, sharePercent: p.share_percent, relationship: p.relationship,
        participantCustomerId: p.participant_customer_id, name: p.name, dateOfBirth: p.dob,
        nationalId: p.national_id_encrypted ? cipher.decrypt(p.national_id_encrypted) : null,
        // the holder sees their own record; other customers of the household are out of a customer's scope
        customer: p.participant_customer_id === holder.id ? { id: holder.id } : null,
      })),
    );
    const beneficiaries = participants.filter((p: any) => p.role === "BENEFICIARY");
    for (const order of new Set(beneficiaries.map((p: any) => p.ordinal))) {
      expect(beneficiaries.filter((p: any) => p.ordinal === order).reduce((sum: number, p: any) => sum + p.share_percent, 0)).toBe(100);
    }
    expect(participants.filter((p: any) => p.role === "POLICYHOLDER").map((p: any) => p.participant_customer_id)).toEqual([holder.id]);

    const objects = await app.db.query(`SELECT id, kind, participant_id FROM insured_object WHERE policy_id = $1 ORDER BY kind, id`, [beneficiaryPolicyId]);
    expect(policy.insuredObjects.map((o: any) => [o.id, o.kind, o.participantId])).toEqual(objects.map((o: any) => [o.id, o.kind, o.participant_id]));

    const instalments = await app.db.query(
      `SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due, amount::int AS amount, currency, paid_at FROM premium_instalment WHERE policy_id = $1 ORDER BY due_date, id`,
      [beneficiaryPolicyId],
    );
    expect(instalments.length).toBeGreaterThan(0);
    expect(policy.instalments).toEqual(
      instalments.map((i: any) => ({
        id: i.id, dueDate: i.due, amount: { amount: i.amount, currency: i.currency }, paidAt: i.paid_at ? new Date(i.paid_at).toISOString() : null,
        status: instalmentStatus({ dueDate: i.due, paidAt: i.paid_at }, today()),
      })),
    );
    expect(policy.billingStatus).toBe(billingStatusOf(instalments.map((i: any) => ({ dueDate: i.due, paidAt: i.paid_at })), policy.status === "LAPSED", today()));
  });

  it("shows a vehicle and a property with their details (ADMIN: identity masked, contact full)", async () => {
    const admin = await app.token(Role.ADMIN);
    for (const kind of ["VEHICLE", "PROPERTY"]) {
      const [object] = await app.db.query(
        `SELECT o.*, o.sum_insured::text AS sum FROM insured_object o JOIN customer c ON c.id = o.customer_id WHERE o.kind = $1 AND c.erased_at IS NULL ORDER BY o.id LIMIT 1`,
        [kind],
      );
      const res = await app.gql(POLICIES, { token: admin, variables: { id: object.customer_id } });
      expect(res.body.errors).toBeUndefined();
      const shown = policyOf(res.body, object.policy_id).insuredObjects.find((o: any) => o.id === object.id);
      expect(shown).toEqual({
        id: object.id, kind, participantId: null, make: object.make, model: object.model, year: object.year,
        plate: object.plate && maskPlate(object.plate), vin: object.vin && maskVin(object.vin),
        address: object.address, city: object.city, region: object.region, constructionYear: object.construction_year,
        sumInsured: object.sum === null ? null : { amount: Number(object.sum), currency: object.currency },
      });
      if (kind === "VEHICLE") expect(shown.plate).toMatch(/^.{2}\*+.$/u);
    }
  });

  it("releases a named beneficiary's identity as the policy table says: AGENT, UNDERWRITER masked; MARKETING denied", async () => {
    const [named] = await app.db.query(
      `SELECT id, name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob, national_id_encrypted FROM policy_participant
        WHERE policy_id = $1 AND role = 'BENEFICIARY' AND name IS NOT NULL ORDER BY ordinal, id LIMIT 1`,
      [beneficiaryPolicyId],
    );
    const nationalId = cipher.decrypt(named.national_id_encrypted);
    const expected: Record<string, { name: string | null; dateOfBirth: string | null; nationalId: string | null; forbidden: string[] }> = {
      AGENT: { name: named.name, dateOfBirth: maskDateOfBirth(named.dob), nationalId: maskNationalId(nationalId), forbidden: [] },
      UNDERWRITER: { name: maskName(named.name), dateOfBirth: maskDateOfBirth(named.dob), nationalId: maskNationalId(nationalId), forbidden: [] },
      MARKETING: { name: maskName(named.name), dateOfBirth: null, nationalId: null, forbidden: ["dateOfBirth", "nationalId"] },
    };
    for (const [role, want] of Object.entries(expected)) {
      const token = await app.token(role as Role, role === "AGENT" ? { user: holder.agent } : {});
      const res = await app.gql(POLICIES, { token, variables: { id: holder.id } });
      const policy = policyOf(res.body, beneficiaryPolicyId);
      const shown = policy.participants.find((p: any) => p.id === named.id);
      expect([role, shown.name, shown.dateOfBirth, shown.nationalId]).toEqual([role, want.name, want.dateOfBirth, want.nationalId]);
      expect([role, shown.sharePercent, shown.role]).toEqual([role, expect.any(Number), "BENEFICIARY"]);
      // a refusal names the path of the refused field, with FORBIDDEN and the policy table as the reason
      const refused = (res.body.errors ?? [])
        .filter((e: any) => {
          const [, , , edge, , , index] = e.path; // customer.policies.edges[edge].node.participants[index].<field>
          return e.path[5] === "participants" && res.body.data!.customer.policies.edges[edge].node.participants[index].id === named.id;
        })
        .map((e: any) => [e.path[e.path.length - 1], e.extensions.code, e.extensions.reason]);
      expect([role, refused]).toEqual([role, want.forbidden.map((field) => [field, "FORBIDDEN", "FIELD_POLICY"])]);
    }
  });

  it("audits the beneficiary's identity read by staff under the policyholder", async () => {
    const token = await app.token(Role.UNDERWRITER);
    const requestId = "policy-data-audit-1";
    const res = await app.gql(POLICIES, { token, variables: { id: holder.id }, headers: { "x-request-id": requestId } });
    expect(res.status).toBe(200);
    const rows = await app.db.query(`SELECT customer_id, fields, outcome FROM audit_entry WHERE request_id = $1`, [requestId]);
    const masked = rows.find((r: any) => r.customer_id === holder.id && r.outcome === "MASKED");
    expect(masked.fields).toEqual(expect.arrayContaining(["PolicyParticipant.name", "PolicyParticipant.dateOfBirth", "PolicyParticipant.nationalId"]));
  });

  it("exports the policy data with the policyholder's records: in full to the customer, masked to COMPLIANCE, blind index withheld", async () => {
    const EXPORT = `mutation ($id: ID!) { exportCustomerData(customerId: $id) { records withheld { table field reason } } }`;
    const [named] = await app.db.query(
      `SELECT id, name, national_id_encrypted FROM policy_participant WHERE policy_id = $1 AND role = 'BENEFICIARY' AND name IS NOT NULL ORDER BY ordinal, id LIMIT 1`,
      [beneficiaryPolicyId],
    );
    const nationalId = cipher.decrypt(named.national_id_encrypted);
    const counts = await app.db.query(
      `SELECT (SELECT count(*)::int FROM policy_participant WHERE customer_id = $1) AS participants,
              (SELECT count(*)::int FROM insured_object WHERE customer_id = $1) AS objects,
              (SELECT count(*)::int FROM premium_instalment WHERE customer_id = $1) AS instalments`,
      [holder.id],
    );
    for (const [role, name, id] of [[Role.CUSTOMER, named.name, nationalId], [Role.COMPLIANCE, maskName(named.name), maskNationalId(nationalId)]] as const) {
      const token = await app.token(role, role === Role.CUSTOMER ? { sub: holder.id } : {});
      const res = await app.gql(EXPORT, { token, variables: { id: holder.id } });
      expect(res.body.errors).toBeUndefined();
      const { records, withheld } = res.body.data!.exportCustomerData;
      expect([role, records.policy_participant.length, records.insured_object.length, records.premium_instalment.length]).toEqual([
        role, counts[0].participants, counts[0].objects, counts[0].instalments,
      ]);
      const row = records.policy_participant.find((p: any) => p.id === named.id);
      expect([role, row.name, row.nationalId, "nationalIdHash" in row]).toEqual([role, name, id, false]);
      expect(withheld).toContainEqual({ table: "policy_participant", field: "nationalIdHash", reason: "UNCLASSIFIED" });
    }
  });

  describe("billing status", () => {
    let policyId: string;
    let customerId: string;
    let admin: string;

    beforeAll(async () => {
      admin = await app.token(Role.ADMIN);
      const [row] = await app.db.query(`SELECT p.id, p.customer_id FROM policy p JOIN customer c ON c.id = p.customer_id WHERE p.status = 'ACTIVE' AND c.erased_at IS NULL ORDER BY p.policy_number LIMIT 1`);
      policyId = row.id;
      customerId = row.customer_id;
    });

    async function withInstalments(rows: { due: string; paid: boolean }[]): Promise<{ policy: any; inThe360: string; path: string | null }> {
      await app.db.query(`DELETE FROM premium_instalment WHERE policy_id = $1`, [policyId]);
      for (const row of rows) {
        await app.db.query(
          `INSERT INTO premium_instalment (policy_id, customer_id, due_date, amount, paid_at) VALUES ($1, $2, $3, 10000, $4)`,
          [policyId, customerId, row.due, row.paid ? `${row.due}T09:00:00Z` : null],
        );
      }
      const res = await app.gql(BILLING, { token: admin, variables: { id: policyId } });
      expect(res.body.errors).toBeUndefined();
      // the compiled 360 read answers the same (its statement prefetches the instalment dates)
      const compiled = await app.gql(BILLING_360, { token: admin, variables: { id: customerId } });
      expect(compiled.body.errors).toBeUndefined();
      const node = compiled.body.data!.customer.policies.edges.map((e: any) => e.node).find((p: any) => p.id === policyId);
      return { policy: res.body.data!.policy, inThe360: node.billingStatus, path: compiled.path };
    }

    const cases: [string, { days: number; paid: boolean }[], BillingStatus, InstalmentStatus[]][] = [
      ["paid, next not yet due", [{ days: -100, paid: true }, { days: 10, paid: false }], BillingStatus.UP_TO_DATE, [InstalmentStatus.PAID, InstalmentStatus.DUE]],
      ["unpaid on its due date", [{ days: 0, paid: false }], BillingStatus.UP_TO_DATE, [InstalmentStatus.DUE]],
      ["unpaid a day after its due date", [{ days: -1, paid: false }], BillingStatus.IN_GRACE, [InstalmentStatus.DUE]],
      ["unpaid on the last day of grace", [{ days: -GRACE_PERIOD_DAYS, paid: false }], BillingStatus.IN_GRACE, [InstalmentStatus.DUE]],
      ["unpaid the day after grace ends", [{ days: -GRACE_PERIOD_DAYS - 1, paid: false }], BillingStatus.OVERDUE, [InstalmentStatus.OVERDUE]],
      ["an old one overdue, the latest paid", [{ days: -90, paid: false }, { days: -10, paid: true }], BillingStatus.OVERDUE, [InstalmentStatus.OVERDUE, InstalmentStatus.PAID]],
      ["no instalments", [], BillingStatus.UP_TO_DATE, []],
    ];

    it.each(cases)("%s", async (_title, rows, billing, statuses) => {
      const t = today();
      const { policy, inThe360, path } = await withInstalments(rows.map((r) => ({ due: daysFrom(t, r.days), paid: r.paid })));
      expect(policy.billingStatus).toBe(billing);
      expect(inThe360).toBe(billing);
      expect(path).toBe("compiled");
      expect(policy.instalments.map((i: any) => i.status)).toEqual(statuses);
    });

    it("is LAPSED when the policy has lapsed, whatever its instalments", async () => {
      await app.db.query(`UPDATE policy SET status = 'LAPSED' WHERE id = $1`, [policyId]);
      try {
        const { policy, inThe360 } = await withInstalments([{ due: daysFrom(today(), -200), paid: false }]);
        expect([policy.billingStatus, inThe360]).toEqual([BillingStatus.LAPSED, BillingStatus.LAPSED]);
      } finally {
        await app.db.query(`UPDATE policy SET status = 'ACTIVE' WHERE id = $1`, [policyId]);
      }
    });

    it("computes the boundary from the grace period declared once (pure rule)", () => {
      const due = "2026-01-31";
      expect(billingStatusOf([{ dueDate: due, paidAt: null }], false, daysFrom(due, GRACE_PERIOD_DAYS))).toBe(BillingStatus.IN_GRACE);
      expect(billingStatusOf([{ dueDate: due, paidAt: null }], false, daysFrom(due, GRACE_PERIOD_DAYS + 1))).toBe(BillingStatus.OVERDUE);
      expect(instalmentStatus({ dueDate: due, paidAt: null }, daysFrom(due, GRACE_PERIOD_DAYS))).toBe(InstalmentStatus.DUE);
      expect(instalmentStatus({ dueDate: due, paidAt: null }, daysFrom(due, GRACE_PERIOD_DAYS + 1))).toBe(InstalmentStatus.OVERDUE);
    });
  });

  it("raises the risk engine's premium-overdue warning and factor from the instalments (all staff roles may receive them: PUBLIC inputs)", async () => {
    const [policy] = await app.db.query(
      `SELECT p.id, p.customer_id, s.username AS agent FROM policy p JOIN customer c ON c.id = p.customer_id JOIN staff_user s ON s.id = c.assigned_agent_id
        WHERE p.status = 'ACTIVE' AND c.erased_at IS NULL AND c.kind = 'INDIVIDUAL' ORDER BY p.policy_number DESC LIMIT 1`,
    );
    await app.db.query(`UPDATE premium_instalment SET paid_at = coalesce(paid_at, now()) WHERE customer_id = $1`, [policy.customer_id]);
    await app.db.query(
      `INSERT INTO premium_instalment (policy_id, customer_id, due_date, amount) VALUES ($1, $2, $3, 10000)`,
      [policy.id, policy.customer_id, daysFrom(today(), -45)],
    );
    const assess = `mutation ($id: ID!) { assessRisk(customerId: $id) { factors { name value } warnings { code severity } } }`;
    const res = await app.gql(assess, { token: await app.token(Role.UNDERWRITER), variables: { id: policy.customer_id } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.assessRisk.warnings).toContainEqual({ code: "PREMIUM_OVERDUE", severity: "HIGH" });
    expect(res.body.data!.assessRisk.factors).toContainEqual({ name: "PREMIUM_OVERDUE", value: "1 unpaid, 45 days past due" });
    const agent = await app.token(Role.AGENT, { user: policy.agent });
    const seen = await app.gql(`query ($id: ID!) { customer(id: $id) { riskProfile { warnings { code } } } }`, { token: agent, variables: { id: policy.customer_id } });
    expect(seen.body.data!.customer.riskProfile.warnings.map((w: any) => w.code)).toContain("PREMIUM_OVERDUE");
  });

  it("erases named persons' identity, plates, VINs and insured addresses with the policyholder (last: it erases a customer)", async () => {
    const [owner] = await app.db.query(
      `SELECT o.customer_id FROM insured_object o JOIN customer c ON c.id = o.customer_id WHERE o.kind = 'VEHICLE' AND c.erased_at IS NULL ORDER BY o.id LIMIT 1`,
    );
    const erase = `mutation ($id: ID!) { eraseCustomer(customerId: $id, reason: "DSR-test") { erasedAt } }`;
    for (const id of [holder.id, owner.customer_id]) {
      const res = await app.gql(erase, { token: await app.token(Role.COMPLIANCE), variables: { id } });
      expect(res.body.errors).toBeUndefined();
    }
    const [named] = await app.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE name <> '[erased]' OR date_of_birth IS NOT NULL OR national_id_encrypted IS NOT NULL OR national_id_hash IS NOT NULL)::int AS left
         FROM policy_participant WHERE customer_id = $1 AND participant_customer_id IS NULL`,
      [holder.id],
    );
    expect(named.n).toBeGreaterThan(0);
    expect(named.left).toBe(0);
    const [objects] = await app.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE plate IS NOT NULL OR vin IS NOT NULL OR address IS NOT NULL)::int AS left FROM insured_object WHERE customer_id = $1`,
      [owner.customer_id],
    );
    expect(objects).toEqual({ n: expect.any(Number), left: 0 });
    expect(objects.n).toBeGreaterThan(0);
  });

  describe("beneficiary shares", () => {
    let policyId: string;
    let customerId: string;

    beforeAll(async () => {
      const [row] = await app.db.query(
        `SELECT p.id, p.customer_id FROM policy p WHERE NOT EXISTS (SELECT 1 FROM policy_participant x WHERE x.policy_id = p.id AND x.role = 'BENEFICIARY') ORDER BY p.policy_number LIMIT 1`,
      );
      policyId = row.id;
      customerId = row.customer_id;
    });

    async function designate(beneficiaries: { share: number | null; order: number }[]): Promise<void> {
      await app.db.transaction(async (manager) => {
        await manager.query(`DELETE FROM policy_participant WHERE policy_id = $1 AND role = 'BENEFICIARY'`, [policyId]);
        for (const [i, b] of beneficiaries.entries()) {
          await manager.query(
            `INSERT INTO policy_participant (policy_id, customer_id, role, name, share_percent, ordinal) VALUES ($1, $2, 'BENEFICIARY', $3, $4, $5)`,
            [policyId, customerId, `Test Person${i}`, b.share, b.order],
          );
        }
      });
    }

    const shares = async () =>
      (await app.db.query(`SELECT ordinal, share_percent FROM policy_participant WHERE policy_id = $1 AND role = 'BENEFICIARY' ORDER BY ordinal, share_percent`, [policyId]))
        .map((r: any) => [r.ordinal, r.share_percent]);

    it("accepts a designation whose shares sum to 100 in each order", async () => {
      await designate([{ share: 60, order: 1 }, { share: 40, order: 1 }, { share: 100, order: 2 }]);
      expect(await shares()).toEqual([[1, 40], [1, 60], [2, 100]]);
    });

    it.each([
      ["shares summing to 90", [{ share: 60, order: 1 }, { share: 30, order: 1 }], /sum to 90, not 100/],
      ["a second order short of 100", [{ share: 100, order: 1 }, { share: 50, order: 2 }], /order 2\) sum to 50, not 100/],
      ["a beneficiary without a share", [{ share: 100, order: 1 }, { share: null, order: 1 }], /order 1\) has no share/],
    ])("refuses %s at commit and keeps the previous designation", async (_title, beneficiaries, message) => {
      await expect(designate(beneficiaries)).rejects.toThrow(message);
      expect(await shares()).toEqual([[1, 40], [1, 60], [2, 100]]);
    });

    it("refuses a share outside 1–100 and a participant with neither customer nor name", async () => {
      await expect(designate([{ share: 101, order: 1 }])).rejects.toThrow(/CHK_policy_participant_share/);
      await expect(
        app.db.query(`INSERT INTO policy_participant (policy_id, customer_id, role) VALUES ($1, $2, 'PAYER')`, [policyId, customerId]),
      ).rejects.toThrow(/CHK_policy_participant_identity/);
    });
  });
});
