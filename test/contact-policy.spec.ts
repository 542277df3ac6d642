import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

const POLICY = /* GraphQL */ `
  query Policy($id: ID!, $at: DateTimeISO) {
    customer(id: $id) {
      contactPolicy(at: $at) {
        doNotContact doNotContactOnLinkedRecord doNotContactReason doNotContactSetAt doNotContactSetBy evaluatedAt marketingContactsInWindow
        channels { purpose channel allowed reasons }
      }
    }
  }
`;
const SET_CONSENT = /* GraphQL */ `
  mutation SetConsent($input: SetConsentInput!) { setConsent(input: $input) { id purpose granted contactChannel } }
`;
const SET_DNC = /* GraphQL */ `
  mutation SetDnc($customerId: ID!, $doNotContact: Boolean!, $reason: String) {
    setDoNotContact(customerId: $customerId, doNotContact: $doNotContact, reason: $reason) {
      doNotContact doNotContactReason doNotContactSetBy channels { purpose channel allowed reasons }
    }
  }
`;
const OFFERS = /* GraphQL */ `
  query Offers($includeHeldBack: Boolean) {
    offers(first: 100, includeHeldBack: $includeHeldBack) {
      totalCount
      edges { node { customer { id } product { code } channel contactChannel heldBack heldBackReasons } }
    }
  }
`;

type Decision = { purpose: string; channel: string; allowed: boolean; reasons: string[] };
const CHANNELS = ["PHONE", "SMS", "EMAIL", "WECHAT", "POST"];

interface Crafted {
  phone?: boolean;
  email?: boolean;
  address?: boolean;
  /** The MARKETING purpose decision (none when undefined). */
  marketing?: boolean;
  /** A contact on WeChat on record (the customer follows the insurer's account). */
  wechat?: boolean;
}

/** A customer of agent1's book, inserted directly: an individual whom the recommendation engine has something to offer. */
async function craft(app: TestApp, n: number, customer: Crafted): Promise<string> {
  const id = randomUUID();
  await app.db.query(
    `INSERT INTO customer (id, customer_number, kind, full_name, date_of_birth, annual_income, marital_status, dependents,
       service_tier, risk_preference, preferred_channel, assigned_agent_id, phone, email, address, city)
     VALUES ($1, $2, 'INDIVIDUAL', $3, '1990-05-05', 30000000, 'MARRIED', 2, 'BASIC', 'BALANCED', 'WECHAT', $4, $5, $6, $7, 'Shanghai')`,
    [id, `CP${String(n).padStart(8, "0")}`, `Contact Policy ${n}`, staffIdFor("agent1"),
      customer.phone ? "+8613800001234" : null, customer.email ? `cp${n}@example.org` : null, customer.address ? "88 Century Avenue" : null],
  );
  if (customer.marketing !== undefined) {
    await app.db.query(`INSERT INTO consent (customer_id, purpose, granted, channel, recorded_at) VALUES ($1, 'MARKETING', $2, 'APP', now() - interval '1 hour')`, [id, customer.marketing]);
  }
  if (customer.wechat) {
    await app.db.query(`INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, status)
       VALUES ($1, 'WECHAT', 'INQUIRY', 'INBOUND', 'Asked on WeChat', now() - interval '100 days', 'RESOLVED')`, [id]);
  }
  return id;
}

/** An outbound (or inbound) contact of a kind at an instant. */
async function contact(app: TestApp, customerId: string, at: Date, kind = "MARKETING", direction = "OUTBOUND"): Promise<void> {
  await app.db.query(`INSERT INTO interaction (customer_id, channel, kind, direction, subject, occurred_at, status)
     VALUES ($1, 'PHONE', $2, $3, 'Campaign call', $4, 'RESOLVED')`, [customerId, kind, direction, at]);
}

const decisions = (policy: { channels: Decision[] }, purpose: string) =>
  Object.fromEntries(policy.channels.filter((d) => d.purpose === purpose).map((d) => [d.channel, d.reasons]));
const allowedEverywhere = Object.fromEntries(CHANNELS.map((channel) => [channel, []]));

describe("contact policy (default settings: quiet hours 21:00–08:00 Asia/Shanghai, at most 2 marketing contacts in 30 days)", () => {
  let app: TestApp;
  let agent: string;
  let admin: string;
  let marketing: string;
  let n = 0;
  /** 12:00 in Shanghai: outside quiet hours. */
  const NOON = "2026-11-20T04:00:00.000Z";

  beforeAll(async () => {
    app = await startTestApp({ customers: 10 });
    [agent, admin, marketing] = await Promise.all([app.token(Role.AGENT), app.token(Role.ADMIN), app.token(Role.MARKETING)]);
  });
  afterAll(() => app?.close());

  async function policyOf(id: string, at: string = NOON, token = agent) {
    const res = await app.gql(POLICY, { token, variables: { id, at } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.customer.contactPolicy as { channels: Decision[]; [field: string]: unknown };
  }

  it("lets a channel decision override the purpose decision for that channel only, keeping history and the purpose's row scope", async () => {
    const id = await craft(app, ++n, { phone: true, email: true, address: true, marketing: true, wechat: true });
    expect(decisions(await policyOf(id), "MARKETING")).toEqual(allowedEverywhere);
    const declined = await app.gql(SET_CONSENT, {
      token: agent, variables: { input: { customerId: id, purpose: "MARKETING", granted: false, contactChannel: "SMS" } }, headers: { "x-request-id": "cp-sms-declined" },
    });
    expect(declined.body.errors).toBeUndefined();
    expect(declined.body.data!.setConsent).toMatchObject({ purpose: "MARKETING", granted: false, contactChannel: "SMS" });
    expect(decisions(await policyOf(id), "MARKETING")).toEqual({ ...allowedEverywhere, SMS: ["CHANNEL_DECLINED"] });
    // the purpose decision still grants marketing: the customer stays in marketing's scope
    const seen = await app.gql(`query ($id: ID!) { customer(id: $id) { id consents { purpose granted contactChannel } } }`, { token: marketing, variables: { id } });
    expect(seen.body.data!.customer.consents).toEqual([
      { purpose: "MARKETING", granted: false, contactChannel: "SMS" },
      { purpose: "MARKETING", granted: true, contactChannel: null },
    ]);
    // the event, in the request's transaction, names the channel (no value beyond ids, purpose and channel)
    const events = await app.db.query(`SELECT type, data FROM event_outbox WHERE request_id = 'cp-sms-declined'`);
    expect(events).toEqual([{ type: "consent.changed", data: { customerId: id, consentId: declined.body.data!.setConsent.id, purpose: "MARKETING", channel: "SMS" } }]);

    // a purpose withdrawal, then a grant for e-mail alone: e-mail only (SMS still declined, the others unasked)
    for (const input of [{ granted: false }, { granted: true, contactChannel: "EMAIL" }]) {
      const res = await app.gql(SET_CONSENT, { token: agent, variables: { input: { customerId: id, purpose: "MARKETING", ...input } } });
      expect(res.body.errors).toBeUndefined();
    }
    expect(decisions(await policyOf(id), "MARKETING")).toEqual({ PHONE: ["NO_CONSENT"], SMS: ["CHANNEL_DECLINED"], EMAIL: [], WECHAT: ["NO_CONSENT"], POST: ["NO_CONSENT"] });
    // service contact needs no marketing consent
    expect(decisions(await policyOf(id), "SERVICE")).toEqual(allowedEverywhere);
    const [{ n: history }] = await app.db.query(`SELECT count(*)::int AS n FROM consent WHERE customer_id = $1 AND purpose = 'MARKETING'`, [id]);
    expect(history).toBe(4);
  });

  it("refuses a channel decision for a purpose other than marketing", async () => {
    const id = await craft(app, ++n, { email: true, marketing: true });
    const res = await app.gql(SET_CONSENT, { token: agent, variables: { input: { customerId: id, purpose: "PROFILING", granted: false, contactChannel: "SMS" } } });
    expect(res.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const [{ n: rows }] = await app.db.query(`SELECT count(*)::int AS n FROM consent WHERE customer_id = $1`, [id]);
    expect(rows).toBe(1);
  });

  it("holds every marketing contact back for do-not-contact but no service contact; records who, why and when; events only on a change", async () => {
    const id = await craft(app, ++n, { phone: true, email: true, address: true, marketing: true, wechat: true });
    const set = await app.gql(SET_DNC, { token: agent, variables: { customerId: id, doNotContact: true, reason: "Asked on the hotline" }, headers: { "x-request-id": "cp-dnc-1" } });
    expect(set.body.errors).toBeUndefined();
    expect(set.body.data!.setDoNotContact).toMatchObject({ doNotContact: true, doNotContactReason: "Asked on the hotline", doNotContactSetBy: staffIdFor("agent1") });
    const policy = await policyOf(id);
    expect(decisions(policy, "MARKETING")).toEqual(Object.fromEntries(CHANNELS.map((channel) => [channel, ["DO_NOT_CONTACT"]])));
    // a claim update or a lapse notice may still be sent
    expect(decisions(policy, "SERVICE")).toEqual(allowedEverywhere);
    expect(await app.db.query(`SELECT type, data FROM event_outbox WHERE request_id = 'cp-dnc-1'`))
      .toEqual([{ type: "customer.updated", data: { customerId: id, changedFields: ["doNotContact"] } }]);
    // the same flag again: a history row, no event
    await app.gql(SET_DNC, { token: admin, variables: { customerId: id, doNotContact: true, reason: "Confirmed in writing" }, headers: { "x-request-id": "cp-dnc-2" } });
    expect(await app.db.query(`SELECT type FROM event_outbox WHERE request_id = 'cp-dnc-2'`)).toEqual([]);
    const lifted = await app.gql(SET_DNC, { token: admin, variables: { customerId: id, doNotContact: false, reason: "Customer opted back in" }, headers: { "x-request-id": "cp-dnc-3" } });
    // the answer is decided now (quiet hours may hold the real-time channels): do-not-contact holds nothing any more
    expect(lifted.body.data!.setDoNotContact.doNotContact).toBe(false);
    for (const decision of lifted.body.data!.setDoNotContact.channels as Decision[]) expect(decision.reasons).not.toContain("DO_NOT_CONTACT");
    expect(decisions(await policyOf(id), "MARKETING")).toEqual(allowedEverywhere);
    expect(await app.db.query(`SELECT type, data FROM event_outbox WHERE request_id = 'cp-dnc-3'`))
      .toEqual([{ type: "customer.updated", data: { customerId: id, changedFields: ["doNotContact"] } }]);
    expect(await app.db.query(`SELECT do_not_contact, reason FROM do_not_contact WHERE customer_id = $1 ORDER BY set_at`, [id])).toEqual([
      { do_not_contact: true, reason: "Asked on the hotline" }, { do_not_contact: true, reason: "Confirmed in writing" }, { do_not_contact: false, reason: "Customer opted back in" },
    ]);
  });

  it("shows marketing the flag but not the staff member's reason, and lets only the customer, their agent and admins set it", async () => {
    const id = await craft(app, ++n, { email: true, marketing: true });
    await app.gql(SET_DNC, { token: agent, variables: { customerId: id, doNotContact: true, reason: "Complained about calls" } });
    const res = await app.gql(POLICY, { token: marketing, variables: { id, at: NOON } });
    expect(res.body.data!.customer.contactPolicy).toMatchObject({ doNotContact: true, doNotContactReason: null });
    expect(res.body.errors?.map((e) => [e.path?.join("."), e.extensions?.code])).toEqual([["customer.contactPolicy.doNotContactReason", "FORBIDDEN"]]);
    for (const role of [Role.MARKETING, Role.UNDERWRITER, Role.COMPLIANCE]) {
      const refused = await app.gql(SET_DNC, { token: await app.token(role), variables: { customerId: id, doNotContact: false } });
      expect([role, refused.body.errors?.[0].extensions?.code]).toEqual([role, "FORBIDDEN"]);
    }
    const other = await app.gql(SET_DNC, { token: await app.token(Role.AGENT, { user: "agent2" }), variables: { customerId: id, doNotContact: false } });
    expect(other.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const self = await app.gql(SET_DNC, { token: await app.token(Role.CUSTOMER, { sub: id }), variables: { customerId: id, doNotContact: false, reason: "Changed my mind" } });
    expect(self.body.data!.setDoNotContact).toMatchObject({ doNotContact: false, doNotContactSetBy: null });
  });

  it("keeps quiet hours 21:00–08:00 in Asia/Shanghai on phone, SMS and WeChat, for marketing and service, exactly at the boundaries", async () => {
    const id = await craft(app, ++n, { phone: true, email: true, address: true, marketing: true, wechat: true });
    const quiet = { PHONE: ["QUIET_HOURS"], SMS: ["QUIET_HOURS"], EMAIL: [], WECHAT: ["QUIET_HOURS"], POST: [] };
    const cases: [string, object][] = [
      ["2026-11-20T20:59:59.999+08:00", allowedEverywhere], ["2026-11-20T21:00:00.000+08:00", quiet],
      ["2026-11-21T07:59:59.999+08:00", quiet], ["2026-11-21T08:00:00.000+08:00", allowedEverywhere],
    ];
    for (const [at, expected] of cases) {
      const policy = await policyOf(id, at);
      expect([at, decisions(policy, "MARKETING"), decisions(policy, "SERVICE")]).toEqual([at, expected, expected]);
      expect(policy.evaluatedAt).toBe(new Date(at).toISOString());
    }
  });

  it("caps marketing at 2 outbound marketing contacts in exactly the last 30 days", async () => {
    const id = await craft(app, ++n, { email: true, marketing: true });
    const at = new Date("2026-11-20T04:00:00.000Z");
    const days = (d: number) => new Date(at.getTime() - d * 86_400_000);
    await contact(app, id, days(30)); // exactly 30 days before: outside the window
    await contact(app, id, new Date(days(30).getTime() + 1000)); // a second later: inside
    await contact(app, id, days(1));
    // neither an inbound marketing contact nor an outbound service contact counts
    await contact(app, id, days(2), "MARKETING", "INBOUND");
    await contact(app, id, days(2), "RENEWAL", "OUTBOUND");
    const capped = await policyOf(id, at.toISOString());
    expect(capped.marketingContactsInWindow).toBe(2);
    expect(decisions(capped, "MARKETING").EMAIL).toEqual(["FREQUENCY_CAP"]);
    expect(decisions(capped, "SERVICE").EMAIL).toEqual([]);
    // a second later the oldest contact has left the window
    const later = await policyOf(id, new Date(at.getTime() + 1000).toISOString());
    expect(later.marketingContactsInWindow).toBe(1);
    expect(decisions(later, "MARKETING").EMAIL).toEqual([]);
  });

  it("needs something on record for each channel", async () => {
    const id = await craft(app, ++n, { email: true, marketing: true });
    expect(decisions(await policyOf(id), "SERVICE")).toEqual({ PHONE: ["NO_CONTACT_POINT"], SMS: ["NO_CONTACT_POINT"], EMAIL: [], WECHAT: ["NO_CONTACT_POINT"], POST: ["NO_CONTACT_POINT"] });
  });

  it("reads the policies of a page of customers in one statement", async () => {
    const PAGE = `query ($first: Int) { customers(first: $first) { edges { node { id contactPolicy(at: "${NOON}") { doNotContact channels { allowed reasons } } } } } }`;
    const small = await app.gql(PAGE, { token: admin, variables: { first: 2 } });
    const large = await app.gql(PAGE, { token: admin, variables: { first: 100 } });
    const plain = await app.gql(`query ($first: Int) { customers(first: $first) { edges { node { id } } } }`, { token: admin, variables: { first: 100 } });
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data!.customers.edges.length).toBeGreaterThan(10);
    expect(small.statements).toBe(large.statements);
    expect(large.statements).toBe(plain.statements + 1);
  });
});

/** HH:MM in Shanghai of an instant. */
const shanghaiClock = (instant: number) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);

describe("offers obey the contact policy (quiet hours configured to hold now, for a deterministic answer)", () => {
  let app: TestApp;
  let marketing: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // quiet from an hour ago to an hour from now, in Shanghai (CONTACT_QUIET_HOURS is configurable)
    const now = Date.now();
    const window = `${shanghaiClock(now - 3_600_000)}-${shanghaiClock(now + 3_600_000)}`;
    app = await startTestApp({ customers: 10, env: { CONTACT_QUIET_HOURS: window } });
    marketing = await app.token(Role.MARKETING);
    const agent = await app.token(Role.AGENT);
    ids.reachable = await craft(app, 1, { phone: true, email: true, marketing: true });
    ids.phoneOnly = await craft(app, 2, { phone: true, marketing: true });
    ids.doNotContact = await craft(app, 3, { phone: true, email: true, marketing: true });
    ids.capped = await craft(app, 4, { email: true, marketing: true });
    ids.emailGrantOnly = await craft(app, 5, { email: true, marketing: false });
    await app.gql(SET_DNC, { token: agent, variables: { customerId: ids.doNotContact, doNotContact: true, reason: "Asked" } });
    await contact(app, ids.capped, new Date(now - 86_400_000));
    await contact(app, ids.capped, new Date(now - 2 * 86_400_000));
    await app.gql(SET_CONSENT, { token: agent, variables: { input: { customerId: ids.emailGrantOnly, purpose: "MARKETING", granted: true, contactChannel: "EMAIL" } } });
  });
  afterAll(() => app?.close());

  type OfferNode = { customer: { id: string }; product: { code: string }; channel: string | null; contactChannel: string | null; heldBack: boolean; heldBackReasons: string[] };
  const byCustomer = (edges: { node: OfferNode }[]) => new Map(edges.map((e) => [e.node.customer.id, e.node]));

  it("leaves held-back customers out, and with includeHeldBack lists them flagged with every reason; reaches the others on an allowed channel", async () => {
    await app.gql(OFFERS, { token: marketing }); // the segment definitions are read once per process
    const plain = await app.gql(OFFERS, { token: marketing });
    expect(plain.body.errors).toBeUndefined();
    const offered = byCustomer(plain.body.data!.offers.edges);
    // quiet hours hold the preferred channel (WeChat, not on record anyway), phone and SMS: e-mail reaches the customer
    // (`channel`, as before, is the channel the consent was captured on: the app)
    expect(offered.get(ids.reachable)).toMatchObject({ channel: "APP", contactChannel: "EMAIL", heldBack: false, heldBackReasons: [] });
    for (const held of [ids.phoneOnly, ids.doNotContact, ids.capped]) expect(offered.has(held)).toBe(false);
    for (const node of offered.values()) expect(node.heldBack).toBe(false);

    const all = await app.gql(OFFERS, { token: marketing, variables: { includeHeldBack: true } });
    const listed = byCustomer(all.body.data!.offers.edges);
    const reasons = (id: string) => [listed.get(id)?.heldBack, listed.get(id)?.contactChannel, listed.get(id)?.heldBackReasons];
    expect(reasons(ids.reachable)).toEqual([false, "EMAIL", []]);
    expect(reasons(ids.phoneOnly)).toEqual([true, null, ["QUIET_HOURS", "NO_CONTACT_POINT"]]);
    expect(reasons(ids.doNotContact)).toEqual([true, null, ["DO_NOT_CONTACT", "QUIET_HOURS", "NO_CONTACT_POINT"]]);
    expect(reasons(ids.capped)).toEqual([true, null, ["QUIET_HOURS", "FREQUENCY_CAP", "NO_CONTACT_POINT"]]);
    // a customer outside marketing's scope (the purpose refused) is not listed at all, even with a channel grant: no reason leaks them
    expect(listed.has(ids.emailGrantOnly)).toBe(false);
    expect(plain.body.data!.offers.totalCount).toBe(all.body.data!.offers.totalCount);
    expect(all.body.data!.offers.edges.length - plain.body.data!.offers.edges.length).toBeGreaterThanOrEqual(3);
    // the contact facts ride in the page statement: auth, the page, totalCount (no personal field asked: no audit
    // INSERT) — as before the contact policy (recommendations.spec pins 4 with the audit)
    expect(all.statements).toBe(3);
    expect(plain.statements).toBe(3);
  });
});
