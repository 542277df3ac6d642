import { randomUUID } from "node:crypto";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

const RECOMMENDATIONS = /* GraphQL */ `
  query Recommendations($id: ID!, $limit: Int) {
    customer(id: $id) {
      id
      recommendations(limit: $limit) {
        product { code line } score reasons { code message }
        suggestedSumInsured { amount currency } estimatedPremium { amount currency }
      }
      excludedProducts { product { code } rule message }
    }
  }
`;
const PAGE_RECOMMENDATIONS = /* GraphQL */ `
  query Page($first: Int) { customers(first: $first) { edges { node { id recommendations { product { code } score reasons { code } } } } } }
`;
const OFFERS = /* GraphQL */ `
  query Offers($first: Int, $after: String, $segmentId: ID, $productLine: ProductLine) {
    offers(first: $first, after: $after, segmentId: $segmentId, productLine: $productLine) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { customer { id customerNumber fullName } product { code line } score reasons { code message } channel } }
    }
  }
`;
const RESPOND = /* GraphQL */ `
  mutation Respond($customerId: ID!, $productCode: String!, $response: OfferResponseKind!) {
    recordOfferResponse(customerId: $customerId, productCode: $productCode, response: $response) { id customerId productCode response respondedAt }
  }
`;

interface Crafted {
  dateOfBirth: string;
  maritalStatus: string;
  dependents: number;
  incomeYuan: number;
  riskPreference: string;
  serviceTier: string;
  marketing?: boolean;
  profiling?: boolean;
}

type Recommendation = { product: { code: string; line: string }; score: number; reasons: { code: string; message: string }[] };

describe("recommendations and offers", () => {
  let app: TestApp;
  let agent: string;
  let admin: string;
  let marketing: string;
  const agentId = staffIdFor("agent1");
  let number = 0;

  /** A customer of agent1's book inserted directly, with optional current MARKETING / PROFILING decisions. */
  async function craft(customer: Crafted): Promise<string> {
    const id = randomUUID();
    number += 1;
    await app.db.query(
      `INSERT INTO customer (id, customer_number, kind, full_name, date_of_birth, annual_income, marital_status, dependents,
         service_tier, risk_preference, preferred_channel, assigned_agent_id, email)
       VALUES ($1, $2, 'INDIVIDUAL', $3, $4, $5, $6, $7, $8, $9, 'WECHAT', $10, $11)`,
      // an e-mail address: offers obey the contact policy, and marketing needs somewhere to reach the customer (at any hour)
      [id, `X${String(number).padStart(8, "0")}`, `Crafted Customer ${number}`, customer.dateOfBirth, customer.incomeYuan * 100,
        customer.maritalStatus, customer.dependents, customer.serviceTier, customer.riskPreference, agentId, `crafted${number}@example.org`],
    );
    for (const [purpose, granted] of [["MARKETING", customer.marketing], ["PROFILING", customer.profiling]] as const) {
      if (granted === undefined) continue;
      await app.db.query(`INSERT INTO consent (customer_id, purpose, granted, channel, recorded_at) VALUES ($1, $2, $3, 'WECHAT', now())`, [id, purpose, granted]);
    }
    return id;
  }

  async function recommendationsOf(id: string, token = agent) {
    const res = await app.gql(RECOMMENDATIONS, { token, variables: { id, limit: 5 } });
    return res;
  }

  let youngFamily: string;
  let retiree: string;
  let noMarketing: string;
  let noProfiling: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    [agent, admin, marketing] = await Promise.all([app.token(Role.AGENT), app.token(Role.ADMIN), app.token(Role.MARKETING)]);
    youngFamily = await craft({ dateOfBirth: "1993-03-10", maritalStatus: "MARRIED", dependents: 2, incomeYuan: 300_000, riskPreference: "BALANCED", serviceTier: "BASIC", marketing: true });
    retiree = await craft({ dateOfBirth: "1959-01-15", maritalStatus: "WIDOWED", dependents: 0, incomeYuan: 500_000, riskPreference: "CONSERVATIVE", serviceTier: "PREMIUM", marketing: true });
    noMarketing = await craft({ dateOfBirth: "1993-03-10", maritalStatus: "MARRIED", dependents: 2, incomeYuan: 300_000, riskPreference: "BALANCED", serviceTier: "BASIC", marketing: false });
    noProfiling = await craft({ dateOfBirth: "1993-03-10", maritalStatus: "MARRIED", dependents: 2, incomeYuan: 300_000, riskPreference: "BALANCED", serviceTier: "BASIC", marketing: true, profiling: false });
  });
  afterAll(() => app?.close());

  it("recommends term life first to a young family without life cover, with reasons and sizing", async () => {
    const res = await recommendationsOf(youngFamily);
    expect(res.body.errors).toBeUndefined();
    const [top] = res.body.data!.customer.recommendations as Recommendation[];
    expect(top.product.code).toBe("LIFE-TERM-20");
    expect(top.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["LIFE_STAGE_YOUNG_FAMILY", "DEPENDENTS_WITHOUT_LIFE_COVER"]));
    expect(res.body.data!.customer.recommendations[0].suggestedSumInsured).toEqual({ amount: 150_000_000, currency: "CNY" });
    const excluded = res.body.data!.customer.excludedProducts as { product: { code: string }; rule: string }[];
    expect(excluded).toEqual(expect.arrayContaining([{ product: { code: "GRP-LIFE" }, rule: "CUSTOMER_KIND", message: expect.any(String) }]));
    // reasons and exclusions never carry the exact income
    const messages = [...top.reasons, ...excluded].map((item) => (item as { message: string }).message).join(" ");
    expect(messages).not.toMatch(/300,?000|1993/);
    expect(messages).toContain("FROM_300K_TO_1M");
  });

  it("gives a retiree no term life and health first", async () => {
    // the customer's own view uses the exact income (an agent's uses its band: see below)
    const res = await recommendationsOf(retiree, await app.token(Role.CUSTOMER, { sub: retiree }));
    const recommendations = res.body.data!.customer.recommendations as Recommendation[];
    expect(recommendations[0].product.code).toBe("HEALTH-VIP-GLOBAL");
    expect(recommendations.map((r) => r.product.code)).not.toContain("LIFE-TERM-20");
    const rules = Object.fromEntries(res.body.data!.customer.excludedProducts.map((e: { product: { code: string }; rule: string }) => [e.product.code, e.rule]));
    expect(rules["LIFE-TERM-20"]).toBe("AGE_LIMIT");
  });

  it("derives a role's recommendations only from what the role may use: income by its band, no income or birth date where denied", async () => {
    const family = { maritalStatus: "MARRIED", dependents: 2, riskPreference: "BALANCED", serviceTier: "BASIC", marketing: true };
    // same band (300k–1M), different incomes; and different birth dates in the same year
    const low = await craft({ ...family, dateOfBirth: "1991-02-01", incomeYuan: 310_000 });
    const high = await craft({ ...family, dateOfBirth: "1991-11-30", incomeYuan: 990_000 });
    const view = async (id: string, token: string) => {
      const res = await recommendationsOf(id, token);
      expect(res.body.errors).toBeUndefined();
      return JSON.stringify([res.body.data!.customer.recommendations, res.body.data!.customer.excludedProducts]);
    };
    // the customer sees advice sized on the exact income: the two differ
    expect(await view(low, await app.token(Role.CUSTOMER, { sub: low }))).not.toBe(await view(high, await app.token(Role.CUSTOMER, { sub: high })));
    // the agent (income as a band, birth date as a year) and the administrator (no income) get answers that cannot tell them apart
    expect(await view(low, agent)).toBe(await view(high, agent));
    expect(await view(low, admin)).toBe(await view(high, admin));
    // marketing (no birth date, banded income): offers to customers of different ages are the same offer
    const young = await craft({ ...family, dateOfBirth: "1996-06-01", incomeYuan: 400_000 });
    const older = await craft({ ...family, dateOfBirth: "1971-06-01", incomeYuan: 400_000 });
    const offers = await app.gql(OFFERS, { token: marketing, variables: { first: 100 } });
    const offerOf = (id: string) => offers.body.data!.offers.edges.find((e: { node: { customer: { id: string } } }) => e.node.customer.id === id)?.node;
    const { customer: _young, ...youngOffer } = offerOf(young);
    const { customer: _older, ...olderOffer } = offerOf(older);
    expect(youngOffer).toEqual(olderOffer);
    expect(youngOffer.reasons.map((r: { code: string }) => r.code)).toContain("AGE_TO_CONFIRM");
  });

  it("falls back to popular products, saying so, when PROFILING consent is withdrawn", async () => {
    const res = await recommendationsOf(noProfiling);
    const recommendations = res.body.data!.customer.recommendations as Recommendation[];
    expect(recommendations.length).toBeGreaterThan(0);
    for (const recommendation of recommendations) {
      expect(recommendation.reasons[0].code).toBe("NON_PERSONALIZED");
      expect(recommendation.reasons.map((r) => r.code)).not.toContain("DEPENDENTS_WITHOUT_LIFE_COVER");
    }
  });

  it("costs a constant number of statements for a page of customers", async () => {
    await app.gql(PAGE_RECOMMENDATIONS, { token: admin, variables: { first: 44 } }); // warms the shared catalogue and popularity
    const small = await app.gql(PAGE_RECOMMENDATIONS, { token: admin, variables: { first: 5 } });
    const large = await app.gql(PAGE_RECOMMENDATIONS, { token: admin, variables: { first: 44 } });
    expect(small.body.errors).toBeUndefined();
    expect(large.body.errors).toBeUndefined();
    expect(large.body.data!.customers.edges).toHaveLength(44);
    // customers, activity, consents, risk profiles, segments (2); product popularity (someone withdrew
    // profiling) comes from the shared five-minute cache warmed above
    expect(large.statements).toBe(7);
    expect(small.statements).toBeLessThanOrEqual(large.statements);
  });

  it("shows recommendations to the customer, underwriters and admins; not to marketing, compliance or another agent", async () => {
    const self = await recommendationsOf(youngFamily, await app.token(Role.CUSTOMER, { sub: youngFamily }));
    expect(self.body.data!.customer.recommendations[0].product.code).toBe("LIFE-TERM-20");
    for (const role of [Role.UNDERWRITER, Role.ADMIN]) {
      const res = await recommendationsOf(youngFamily, await app.token(role));
      expect(res.body.data!.customer.recommendations[0].product.code).toBe("LIFE-TERM-20");
    }
    for (const role of [Role.MARKETING, Role.COMPLIANCE, Role.CLAIMS_ADJUSTER]) {
      const res = await recommendationsOf(youngFamily, await app.token(role));
      expect(res.body.data!.customer.recommendations).toBeNull();
      expect(res.body.errors!.find((e) => e.path?.includes("recommendations"))?.extensions?.code).toBe("FORBIDDEN");
    }
    const otherAgent = await recommendationsOf(youngFamily, await app.token(Role.AGENT, { user: "agent2" }));
    expect(otherAgent.body.data!.customer).toBeNull();
  });

  it("offers go to consented customers only, masked, with the consented channel, for the whole page in constant statements", async () => {
    const res = await app.gql(OFFERS, { token: marketing, variables: { first: 100 } });
    expect(res.body.errors).toBeUndefined();
    const offers = res.body.data!.offers.edges.map((e: { node: unknown }) => e.node) as {
      customer: { id: string; fullName: string }; product: { code: string }; reasons: unknown[]; channel: string | null;
    }[];
    const ids = offers.map((o) => o.customer.id);
    expect(ids).toContain(youngFamily);
    expect(ids).not.toContain(noMarketing);
    expect(ids).not.toContain(noProfiling); // an offer is a profiling result: refusing profiling keeps a customer out (PIPL Art. 24)
    const consented: { id: string }[] = await app.db.query(
      `SELECT c.id FROM customer c WHERE c.erased_at IS NULL AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id
         AND k.purpose = 'MARKETING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS TRUE
         AND (SELECT k.granted FROM consent k WHERE k.customer_id = c.id
         AND k.purpose = 'PROFILING' ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) IS NOT FALSE`,
    );
    const allowed = new Set(consented.map((row) => row.id));
    for (const id of ids) expect(allowed.has(id)).toBe(true);
    expect(res.body.data!.offers.totalCount).toBe(allowed.size);
    const family = offers.find((o) => o.customer.id === youngFamily)!;
    expect(family.product.code).toBe("LIFE-TERM-20");
    expect(family.channel).toBe("WECHAT");
    expect(family.customer.fullName).toMatch(/\*/);
    // auth, the page with every fact its offers use (activity, consents, risk profiles, segment memberships),
    // totalCount, access audit (segment definitions: read once per process, checked in the page statement)
    expect(res.statements).toBe(4);
    const small = await app.gql(OFFERS, { token: marketing, variables: { first: 3 } });
    expect(small.body.data!.offers.edges.length).toBeGreaterThan(0);
    expect(small.statements).toBe(res.statements);
  });

  it("filters offers by product line and lets admins read them too", async () => {
    const res = await app.gql(OFFERS, { token: admin, variables: { first: 100, productLine: "LIFE" } });
    expect(res.body.errors).toBeUndefined();
    const lines = res.body.data!.offers.edges.map((e: { node: { product: { line: string } } }) => e.node.product.line);
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines)).toEqual(new Set(["LIFE"]));
    for (const role of [Role.AGENT, Role.UNDERWRITER, Role.CUSTOMER]) {
      const denied = await app.gql(OFFERS, { token: await app.token(role, role === Role.CUSTOMER ? { sub: youngFamily } : {}), variables: { first: 5 } });
      expect(denied.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("restricts offers to a segment's members", async () => {
    const [segment]: { id: string }[] = await app.db.query(`SELECT id FROM segment ORDER BY name LIMIT 1`);
    const res = await app.gql(OFFERS, { token: marketing, variables: { first: 100, segmentId: segment.id } });
    expect(res.body.errors).toBeUndefined();
    const members = await app.gql(`query($id: ID!) { segment(id: $id) { members(first: 100) { edges { node { id } } } } }`, {
      token: marketing, variables: { id: segment.id },
    });
    const memberIds = new Set(members.body.data!.segment.members.edges.map((e: { node: { id: string } }) => e.node.id));
    for (const edge of res.body.data!.offers.edges) expect(memberIds.has(edge.node.customer.id)).toBe(true);
  });

  it("uses the segments as stored at the request: a renamed or changed segment changes the next offers", async () => {
    const familyOffer = async () => {
      const res = await app.gql(OFFERS, { token: marketing, variables: { first: 100 } });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.offers.edges.find((e: { node: { customer: { id: string } } }) => e.node.customer.id === youngFamily).node as Recommendation;
    };
    const segmentReasons = (offer: Recommendation) => offer.reasons.filter((r) => r.code === "SEGMENT").map((r) => r.message);
    const [segment]: { id: string; name: string; rule: unknown }[] = await app.db.query(`SELECT id, name, rule FROM segment WHERE name = 'Young families without life cover'`);
    const before = await familyOffer();
    expect(before.product.code).toBe("LIFE-TERM-20");
    expect(segmentReasons(before)).toEqual(['In the segment "Young families without life cover", which this product line serves.']);
    try {
      // renamed so that its name targets no line: no segment points
      await app.db.query(`UPDATE segment SET name = 'Young families' WHERE id = $1`, [segment.id]);
      const renamed = await familyOffer();
      expect(segmentReasons(renamed)).toEqual([]);
      expect(renamed.score).toBe(before.score - 10);
      // its name back, its rule no longer matching the family
      await app.db.query(`UPDATE segment SET name = $2, rule = $3 WHERE id = $1`, [segment.id, segment.name, { condition: { op: "GTE", field: "DEPENDENTS", value: 5 } }]);
      expect(segmentReasons(await familyOffer())).toEqual([]);
    } finally {
      await app.db.query(`UPDATE segment SET name = $2, rule = $3 WHERE id = $1`, [segment.id, segment.name, segment.rule]);
    }
    expect(segmentReasons(await familyOffer())).toEqual(segmentReasons(before));
  });

  it("validates and scopes recordOfferResponse", async () => {
    const underwriter = await app.gql(RESPOND, { token: await app.token(Role.UNDERWRITER), variables: { customerId: youngFamily, productCode: "LIFE-TERM-20", response: "DECLINED" } });
    expect(underwriter.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const otherCustomer = await app.gql(RESPOND, { token: await app.token(Role.CUSTOMER, { sub: retiree }), variables: { customerId: youngFamily, productCode: "LIFE-TERM-20", response: "DECLINED" } });
    expect(otherCustomer.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const unknown = await app.gql(RESPOND, { token: agent, variables: { customerId: youngFamily, productCode: "NO-SUCH", response: "DECLINED" } });
    expect(unknown.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const notConsented = await app.gql(RESPOND, { token: marketing, variables: { customerId: noMarketing, productCode: "LIFE-TERM-20", response: "ACCEPTED" } });
    expect(notConsented.body.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const [{ n }] = await app.db.query(`SELECT count(*)::int AS n FROM offer_response WHERE customer_id = ANY($1::uuid[])`, [[youngFamily, noMarketing]]);
    expect(n).toBe(0);
  });

  it("suppresses a declined product from the next request on", async () => {
    const res = await app.gql(RESPOND, { token: agent, variables: { customerId: youngFamily, productCode: "LIFE-TERM-20", response: "DECLINED" } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.recordOfferResponse).toMatchObject({ customerId: youngFamily, productCode: "LIFE-TERM-20", response: "DECLINED" });
    const after = await recommendationsOf(youngFamily);
    const codes = after.body.data!.customer.recommendations.map((r: Recommendation) => r.product.code);
    expect(codes).not.toContain("LIFE-TERM-20");
    const rule = after.body.data!.customer.excludedProducts.find((e: { product: { code: string } }) => e.product.code === "LIFE-TERM-20")?.rule;
    expect(rule).toBe("DECLINED_RECENTLY");
    const offers = await app.gql(OFFERS, { token: marketing, variables: { first: 100 } });
    const offer = offers.body.data!.offers.edges.find((e: { node: { customer: { id: string } } }) => e.node.customer.id === youngFamily);
    expect(offer?.node.product.code).not.toBe("LIFE-TERM-20");
  });
});
