import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { useCaseSlaPolicy } from "../src/modules/service-desk/case-sla";
import { CasePriority, DEFAULT_SLA_POLICY, SlaMeasure, SlaMilestone, SlaSettingError, slaPolicyFingerprint, slaPolicyWith, slaTargetFor } from "../src/modules/service-desk/sla-policy";
import { Channel } from "../src/modules/customer/customer.enums";
import { startTestApp, type TestApp } from "./support/app";
import { startApplication } from "../src/app";
import { loadConfig } from "../src/config";

/**
 * Issue #14 point 1: the SLA targets are configurable (CASE_SLA_TARGETS over the declared
 * defaults), a setting that cannot be read stops the start with the entry and the reason, and a
 * changed policy brings the open cases' stored deadlines (the sweep's) in line once.
 */
const HOUR = 3_600_000;
const SETTING = "NORMAL.FIRST_RESPONSE=12h, NORMAL.RESOLUTION=27bh, HOTLINE.URGENT.FIRST_RESPONSE=0.5h, LOW.FIRST_RESPONSE=36h, HIGH.FIRST_RESPONSE=6h, URGENT.FIRST_RESPONSE=1.5h";

describe("SLA targets from the deployment (CASE_SLA_TARGETS)", () => {
  describe("the setting", () => {
    it("overrides the named targets and keeps every other default", () => {
      const policy = slaPolicyWith(DEFAULT_SLA_POLICY, SETTING);
      expect(slaTargetFor(policy, Channel.EMAIL, CasePriority.NORMAL, SlaMilestone.FIRST_RESPONSE)).toEqual({ measure: SlaMeasure.ELAPSED, durationMs: 12 * HOUR });
      expect(slaTargetFor(policy, Channel.EMAIL, CasePriority.NORMAL, SlaMilestone.RESOLUTION)).toEqual({ measure: SlaMeasure.BUSINESS, durationMs: 27 * HOUR });
      expect(slaTargetFor(policy, Channel.HOTLINE, CasePriority.URGENT, SlaMilestone.FIRST_RESPONSE)).toEqual({ measure: SlaMeasure.ELAPSED, durationMs: HOUR / 2 });
      // untouched: the other priorities, and the phone's own live-voice override
      expect(slaTargetFor(policy, Channel.EMAIL, CasePriority.LOW, SlaMilestone.RESOLUTION)).toEqual(slaTargetFor(DEFAULT_SLA_POLICY, Channel.EMAIL, CasePriority.LOW, SlaMilestone.RESOLUTION));
      expect(slaTargetFor(policy, Channel.PHONE, CasePriority.URGENT, SlaMilestone.FIRST_RESPONSE)).toEqual({ measure: SlaMeasure.ELAPSED, durationMs: HOUR });
      expect(slaTargetFor(policy, Channel.HOTLINE, CasePriority.URGENT, SlaMilestone.RESOLUTION)).toEqual(slaTargetFor(DEFAULT_SLA_POLICY, Channel.HOTLINE, CasePriority.URGENT, SlaMilestone.RESOLUTION));
      // the defaults object itself is not changed, and no setting is the defaults
      expect(slaTargetFor(DEFAULT_SLA_POLICY, Channel.EMAIL, CasePriority.NORMAL, SlaMilestone.FIRST_RESPONSE).durationMs).toBe(24 * HOUR);
      expect(slaPolicyWith(DEFAULT_SLA_POLICY, "")).toBe(DEFAULT_SLA_POLICY);
      expect(slaPolicyFingerprint(slaPolicyWith(DEFAULT_SLA_POLICY, "NORMAL.FIRST_RESPONSE=24h"))).toBe(slaPolicyFingerprint(DEFAULT_SLA_POLICY));
      expect(slaPolicyFingerprint(policy)).not.toBe(slaPolicyFingerprint(DEFAULT_SLA_POLICY));
    });

    it.each([
      ["NORMAL.FIRST_RESPONSE=12", /is not \[CHANNEL\.\]PRIORITY\.MILESTONE/],
      ["NORMAL.FIRST_RESPONSE=12d", /is not \[CHANNEL\.\]PRIORITY\.MILESTONE/],
      ["FAX.NORMAL.FIRST_RESPONSE=2h", /names no channel/],
      ["CRITICAL.FIRST_RESPONSE=2h", /names no priority/],
      ["NORMAL.CLOSURE=2h", /names no milestone/],
      ["NORMAL.RESOLUTION=0bh", /more than 0/],
      ["NORMAL.RESOLUTION=9000h", /at most 8784 hours/],
    ])("refuses %s with the entry and the reason", (setting, reason) => {
      expect(() => slaPolicyWith(DEFAULT_SLA_POLICY, setting)).toThrow(SlaSettingError);
      expect(() => slaPolicyWith(DEFAULT_SLA_POLICY, setting)).toThrow(reason);
      expect(() => slaPolicyWith(DEFAULT_SLA_POLICY, `LOW.RESOLUTION=90bh,${setting}`)).toThrow(`CASE_SLA_TARGETS: "${setting}"`);
    });

    it("stops the application before it opens anything when it cannot be read", async () => {
      await expect(startApplication(loadConfig({ NODE_ENV: "test", PORT: "0", CASE_SLA_TARGETS: "URGENT.FIRST_RESPONSE=1h,NORMAL.SOON=2h" })))
        .rejects.toThrow(/CASE_SLA_TARGETS: "NORMAL.SOON=2h" names no milestone/);
    });

    it("stops the API's start when it cannot be read", async () => {
      await expect(startTestApp({ customers: 5, env: { CASE_SLA_TARGETS: "NORMAL.FIRST_RESPONSE=soon" } })).rejects.toThrow(/CASE_SLA_TARGETS: "NORMAL.FIRST_RESPONSE=soon"/);
    });
  });

  describe("a deployment with its own targets", () => {
    let app: TestApp;
    /** Open cases whose first-response clock runs, with the deadline the policy gives them (first response is counted 24×7). */
    const running = async (policy = DEFAULT_SLA_POLICY): Promise<{ stored: number; expected: number; other: number; priority: string }[]> =>
      (await app.db.query(`SELECT channel, priority, opened_at, first_response_breach_at FROM service_case WHERE status = 'NEW' ORDER BY id`))
        .map((row: { channel: Channel; priority: CasePriority; opened_at: Date; first_response_breach_at: Date }) => ({
          priority: row.priority,
          stored: new Date(row.first_response_breach_at).getTime(),
          expected: new Date(row.opened_at).getTime() + slaTargetFor(policy, row.channel, row.priority, SlaMilestone.FIRST_RESPONSE).durationMs,
          other: new Date(row.opened_at).getTime() + slaTargetFor(policy === DEFAULT_SLA_POLICY ? slaPolicyWith(DEFAULT_SLA_POLICY, SETTING) : DEFAULT_SLA_POLICY, row.channel, row.priority, SlaMilestone.FIRST_RESPONSE).durationMs,
        }));

    beforeAll(async () => {
      app = await startTestApp({ customers: 60, env: { CASE_SLA_TARGETS: SETTING } });
    });
    afterAll(() => app?.close());

    it("brought the seeded open cases' stored deadlines in line at start, once", async () => {
      const open = await running(slaPolicyWith(DEFAULT_SLA_POLICY, SETTING));
      expect(open.length).toBeGreaterThan(0);
      for (const row of open) expect(row.stored).toBe(row.expected);
      // not vacuous: the seeded open cases' deadlines differ under the two policies
      expect(open.every((row) => row.other !== row.expected)).toBe(true);
      const [state] = await app.db.query(`SELECT fingerprint FROM sla_policy_state`);
      expect(state.fingerprint).toBe(slaPolicyFingerprint(slaPolicyWith(DEFAULT_SLA_POLICY, SETTING)));
      // the same policy again: nothing to recompute
      expect(await useCaseSlaPolicy(app.db, slaPolicyWith(DEFAULT_SLA_POLICY, SETTING))).toBe(0);
    });

    it("holds new cases to them: their readings and stored deadlines", async () => {
      const [customer] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
      const token = await app.token(Role.AGENT);
      const open = async (channel: string, priority: string) => {
        const res = await app.gql(
          `mutation ($input: OpenCaseInput!) { openCase(input: $input) { id openedAt firstResponseSla { measure targetMs breachAt } resolutionSla { measure targetMs } } }`,
          { token, variables: { input: { customerId: customer.id, channel, priority, subject: "Change the payment date" } } },
        );
        expect(res.body.errors).toBeUndefined();
        return res.body.data!.openCase;
      };
      const email = await open("EMAIL", "NORMAL");
      expect([email.firstResponseSla.measure, email.firstResponseSla.targetMs, email.resolutionSla.measure, email.resolutionSla.targetMs])
        .toEqual(["ELAPSED", 12 * HOUR, "BUSINESS", 27 * HOUR]);
      expect(Date.parse(email.firstResponseSla.breachAt)).toBe(Date.parse(email.openedAt) + 12 * HOUR);
      const [stored] = await app.db.query(`SELECT first_response_breach_at FROM service_case WHERE id = $1`, [email.id]);
      expect(new Date(stored.first_response_breach_at).toISOString()).toBe(email.firstResponseSla.breachAt);
      expect((await open("HOTLINE", "URGENT")).firstResponseSla.targetMs).toBe(HOUR / 2);
    });

    it("moves the stored deadlines back when the defaults return (a later deployment)", async () => {
      const recomputed = await useCaseSlaPolicy(app.db, DEFAULT_SLA_POLICY);
      const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM service_case WHERE status IN ('NEW', 'IN_PROGRESS', 'WAITING_ON_CUSTOMER')`);
      expect(recomputed).toBe(n);
      const open = await running(DEFAULT_SLA_POLICY);
      expect(open.length).toBeGreaterThanOrEqual(3); // the seeded ones and the two cases opened above
      for (const row of open) expect(row.stored).toBe(row.expected);
      expect(open.every((row) => row.other !== row.expected)).toBe(true);
      expect((await app.db.query(`SELECT fingerprint FROM sla_policy_state`))[0].fingerprint).toBe(slaPolicyFingerprint(DEFAULT_SLA_POLICY));
    });
  });
});
