import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { TIMELINE_KINDS } from "../src/modules/timeline/timeline.kinds";
import { kindVisibleTo } from "../src/modules/timeline/timeline.visibility";
import { FIELD_CLASSES, DataClass } from "../src/auth/field-policy";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { CUSTOMER_TIMELINE } from "./support/operations";
import { T0, timelineCustomer, type ExpectedEntry } from "./support/timeline-fixture";

type Edge = { cursor: string; node: { kind: string; occurredAt: string; record: Record<string, unknown> & { id: string; __typename: string } } };
type Timeline = { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null }; edges: Edge[] };

const codes = (res: GraphQLResponse) => (res.body.errors ?? []).map((error) => error.extensions?.code);
const keyOf = (edge: Edge): ExpectedEntry => ({ kind: edge.node.kind, id: edge.node.record.id, at: edge.node.occurredAt });

describe("Customer.timeline", () => {
  let app: TestApp;
  let subject: { id: string; expected: ExpectedEntry[] };
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    app = await startTestApp({ customers: 30 });
    subject = await timelineCustomer(app.db, "SUBJECT");
    for (const role of [Role.ADMIN, Role.AGENT, Role.MARKETING, Role.COMPLIANCE, Role.CLAIMS_ADJUSTER, Role.INTEGRATION]) tokens.set(role, await app.token(role));
    tokens.set("agent2", await app.token(Role.AGENT, { user: "agent2" }));
    tokens.set(Role.CUSTOMER, await app.token(Role.CUSTOMER, { sub: subject.id }));
  });
  afterAll(() => app?.close());

  async function timeline(token: string, variables: Record<string, unknown> = {}): Promise<{ res: GraphQLResponse; timeline: Timeline }> {
    const res = await app.gql(CUSTOMER_TIMELINE, { token, variables: { id: subject.id, ...variables } });
    return { res, timeline: res.body.data?.customer?.timeline as Timeline };
  }

  /** Every page of `first` entries, following endCursor. */
  async function allPages(token: string, first: number, kinds?: string[]): Promise<{ edges: Edge[]; pages: number }> {
    const edges: Edge[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { res, timeline: page } = await timeline(token, { first, after, kinds });
      expect(res.body.errors).toBeUndefined();
      pages++;
      edges.push(...page.edges);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { edges, pages };
  }

  it("lists every kind newest first, ties (same millisecond, microseconds apart) ordered by kind then id", async () => {
    const { res, timeline: page } = await timeline(tokens.get(Role.ADMIN)!, { first: 100 });
    expect(res.body.errors).toBeUndefined();
    expect(page.totalCount).toBe(13);
    expect(page.edges.map(keyOf)).toEqual(subject.expected);
    // the fixture's ties: five entries at T0 of four kinds, then two contacts in one millisecond
    expect(subject.expected.slice(0, 7).map((entry) => [entry.kind, entry.at])).toEqual([
      ["OFFER_RESPONSE", T0], ["INTERACTION", T0], ["INTERACTION", T0], ["COMPLAINT", T0], ["CLAIM_EVENT", T0],
      ["INTERACTION", "2026-10-01T09:00:00.000Z"], ["INTERACTION", "2026-10-01T09:00:00.000Z"],
    ]);
    expect(page.edges.map((edge) => edge.node.record.__typename)).toEqual(subject.expected.map((entry) => ({
      INTERACTION: "Interaction", COMPLAINT: "Complaint", CLAIM_EVENT: "ClaimEvent", POLICY: "Policy", CONSENT: "Consent", OFFER_RESPONSE: "OfferResponse",
    })[entry.kind]));
  });
}
);
