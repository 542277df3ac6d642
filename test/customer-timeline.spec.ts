import { Role } from "../src/auth/role";
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

  it("pages by cursor without duplicates or gaps across the ties, whatever the page size", async () => {
    for (const first of [1, 4, 6]) {
      const { edges, pages } = await allPages(tokens.get(Role.ADMIN)!, first);
      expect([first, edges.map(keyOf)]).toEqual([first, subject.expected]);
      expect([first, pages]).toEqual([first, Math.ceil(13 / first)]);
    }
    // a later page still counts the whole list; a page past the end is empty and counted
    const { timeline: second } = await timeline(tokens.get(Role.ADMIN)!, { first: 12 });
    const { res, timeline: last } = await timeline(tokens.get(Role.ADMIN)!, { first: 12, after: second.pageInfo.endCursor });
    expect(res.body.errors).toBeUndefined();
    expect([last.totalCount, last.edges.map(keyOf), last.pageInfo]).toEqual([13, subject.expected.slice(12), { hasNextPage: false, hasPreviousPage: true, startCursor: last.edges[0].cursor, endCursor: last.edges[0].cursor }]);
    const { timeline: beyond } = await timeline(tokens.get(Role.ADMIN)!, { first: 5, after: last.pageInfo.endCursor });
    expect([beyond.totalCount, beyond.edges, beyond.pageInfo.hasNextPage, beyond.pageInfo.endCursor]).toEqual([13, [], false, null]);
  });

  it("filters by kinds (the cursor of one filter continues another), refuses an empty list and foreign or forged cursors", async () => {
    const admin = tokens.get(Role.ADMIN)!;
    const { edges } = await allPages(admin, 2, ["CLAIM_EVENT", "POLICY"]);
    expect(edges.map(keyOf)).toEqual(subject.expected.filter((entry) => entry.kind === "CLAIM_EVENT" || entry.kind === "POLICY"));
    expect(edges.map(keyOf).map((entry) => entry.kind)).toEqual(["CLAIM_EVENT", "CLAIM_EVENT", "POLICY"]);
    const { timeline: counted } = await timeline(admin, { kinds: ["CONSENT"] });
    expect([counted.totalCount, counted.edges.map((edge) => edge.node.record.granted)]).toEqual([4, [true, true, false, true]]);
    const { timeline: page } = await timeline(admin, { first: 3 });
    const { timeline: contacts } = await timeline(admin, { first: 100, after: page.pageInfo.endCursor, kinds: ["INTERACTION"] });
    expect(contacts.edges.map(keyOf)).toEqual(subject.expected.slice(3).filter((entry) => entry.kind === "INTERACTION"));

    const empty = await timeline(admin, { kinds: [] });
    expect([codes(empty.res), empty.res.body.errors?.[0].extensions?.argument, empty.res.body.data?.customer]).toEqual([["BAD_USER_INPUT"], "kinds", { id: subject.id, timeline: null }]);
    const unknown = await timeline(admin, { kinds: ["NO_SUCH_KIND"] });
    expect(unknown.res.status).toBe(400);
    // one character changed in the middle (the last ones may carry only padding bits, which decode to the same bytes)
    const sealed = page.pageInfo.endCursor!;
    const middle = Math.floor(sealed.length / 2);
    const forged = await timeline(admin, { after: `${sealed.slice(0, middle)}${sealed[middle] === "A" ? "B" : "A"}${sealed.slice(middle + 1)}` });
    expect(codes(forged.res)).toEqual(["BAD_USER_INPUT"]);
    // a cursor opens only for the viewer it was handed to, and only in the timeline
    const { timeline: agentPage } = await timeline(tokens.get(Role.AGENT)!, { first: 3 });
    expect(codes((await timeline(admin, { after: agentPage.pageInfo.endCursor })).res)).toEqual(["BAD_USER_INPUT"]);
    const interactions = await app.gql(`query($id: ID!, $after: String) { customer(id: $id) { interactions(first: 2, after: $after) { totalCount } } }`, {
      token: admin, variables: { id: subject.id, after: page.pageInfo.endCursor },
    });
    expect(codes(interactions)).toEqual(["BAD_USER_INPUT"]);
  });

  it("is out of reach where the customer is: another agent's book and a service account answer as the customer read does", async () => {
    for (const who of ["agent2", Role.INTEGRATION]) {
      const direct = await app.gql(`query($id: ID!) { customer(id: $id) { id } }`, { token: tokens.get(who), variables: { id: subject.id } });
      const { res } = await timeline(tokens.get(who)!, { first: 100 });
      expect([who, res.body.data, codes(res)]).toEqual([who, direct.body.data, codes(direct)]);
      expect([who, res.body.data]).toEqual([who, { customer: null }]);
    }
  });

  /** The same records read through their own lists, with the same selections as CUSTOMER_TIMELINE's fragments. */
  const DIRECT = `query Direct($id: ID!) { customer(id: $id) {
    interactions(first: 100) { edges { node { __typename id channel kind subject notes occurredAt contactStatus: status } } }
    complaints(first: 100) { edges { node { __typename id category severity complaintStatus: status receivedAt escalationReason } } }
    claims(first: 100) { edges { node { events { __typename id claimId fromStatus toStatus note occurredAt } } } }
    policies(first: 100) { edges { node { __typename id policyNumber policyStatus: status startDate } } }
    consentHistory(first: 100) { edges { node { __typename id purpose granted consentChannel: channel recordedAt } } }
    offerResponses(first: 100) { edges { node { __typename id productCode response offerChannel: channel respondedAt } } }
  } }`;

  /** Each record by id, and the FORBIDDEN errors by the field they are on. */
  function directRecords(res: GraphQLResponse): { records: Map<string, unknown>; refused: string[] } {
    const customer = res.body.data!.customer;
    const lists = ["interactions", "complaints", "policies", "consentHistory", "offerResponses"].flatMap((list) => customer[list].edges.map((edge: { node: unknown }) => edge.node));
    const events = customer.claims.edges.flatMap((edge: { node: { events: unknown[] } }) => edge.node.events);
    const records = new Map([...lists, ...events].map((record: { id: string }) => [record.id, record]));
    return { records, refused: refusedFields(res) };
  }
  const refusedFields = (res: GraphQLResponse) =>
    (res.body.errors ?? []).filter((error) => error.extensions?.code === "FORBIDDEN").map((error) => String(error.path?.[error.path.length - 1])).sort();

  it.each([Role.ADMIN, Role.AGENT, Role.MARKETING, Role.COMPLIANCE, Role.CLAIMS_ADJUSTER, Role.CUSTOMER])(
    "%s: every entry is the record as its own list answers it (same values, same masking, same refusals)",
    async (role) => {
      const direct = await app.gql(DIRECT, { token: tokens.get(role), variables: { id: subject.id } });
      const { records, refused } = directRecords(direct);
      const { res, timeline: page } = await timeline(tokens.get(role)!, { first: 100 });
      expect(page.edges.map(keyOf)).toEqual(subject.expected);
      for (const edge of page.edges) expect(edge.node.record).toEqual(records.get(edge.node.record.id));
      // the claims' own fields are not asked in the timeline: only claim events' refusals compare
      expect(refusedFields(res)).toEqual(refused);
      expect(records.size).toBe(13);
    },
  );

  it("refuses the insurer's internal notes inside entries exactly where the role may not read them", async () => {
    for (const role of [Role.MARKETING, Role.CUSTOMER]) {
      const { res } = await timeline(tokens.get(role)!, { first: 100 });
      // four contacts (one without notes still refuses: the rule is the field's, not the value's), one complaint, two claim events
      expect([role, refusedFields(res)]).toEqual([role, ["escalationReason", "note", "note", "notes", "notes", "notes", "notes"]]);
    }
    const { res, timeline: page } = await timeline(tokens.get(Role.AGENT)!, { first: 100 });
    expect(res.body.errors).toBeUndefined();
    // ties at one millisecond are ordered by id: compare the notes as a set
    expect(page.edges.filter((edge) => edge.node.kind === "INTERACTION").map((edge) => String(edge.node.record.notes)).sort()).toEqual(["Internal note A", "Internal note B", "Mentioned a new baby", "null"]);
  });

  it("is audited as the direct reads of the same records are (per customer, field and outcome)", async () => {
    const auditOf = async (role: string, query: string, variables: Record<string, unknown>) => {
      const requestId = `timeline-audit-${role}-${query.length}-${Date.now()}`;
      await app.gql(query, { token: tokens.get(role), variables, headers: { "x-request-id": requestId } });
      const rows: { customer_id: string; outcome: string; fields: string[] }[] = await app.db.query(
        `SELECT customer_id, outcome, fields FROM audit_entry WHERE request_id = $1 ORDER BY outcome`, [requestId]);
      return rows.map((row) => [row.customer_id, row.outcome, [...row.fields].sort()]);
    };
    for (const role of [Role.ADMIN, Role.MARKETING]) {
      const direct = await auditOf(role, DIRECT, { id: subject.id });
      const viaTimeline = await auditOf(role, CUSTOMER_TIMELINE, { id: subject.id, first: 100 });
      expect([role, viaTimeline]).toEqual([role, direct]);
      const outcome = role === Role.ADMIN ? "ALLOWED" : "DENIED";
      expect([role, viaTimeline]).toEqual([role, [[subject.id, outcome, ["ClaimEvent.note", "Complaint.escalationReason", "Interaction.notes"]]]]);
    }
  });

  it("reads a page in the same number of statements for 5 entries as for 50 (six kinds, 63 entries)", async () => {
    const large = await timelineCustomer(app.db, "LARGE", 50);
    const admin = tokens.get(Role.ADMIN)!;
    const counts: number[] = [];
    for (const first of [5, 50]) {
      const res = await app.gql(CUSTOMER_TIMELINE, { token: admin, variables: { id: large.id, first } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.customer.timeline.edges.map(keyOf)).toEqual(large.expected.slice(0, first));
      expect(new Set(res.body.data!.customer.timeline.edges.map((edge: Edge) => edge.node.kind)).size).toBe(first === 5 ? 4 : 6);
      counts.push(res.statements);
    }
    // the caller's staff record, the customer (scoped), the timeline page with its records, the access audit's INSERT
    expect(counts).toEqual([4, 4]);
  });

  it("shows each role the kinds whose own lists the policy table lets it read (all of them but tasks, staff's: SERVICE), and nothing it does not know", () => {
    const serviceReaders = [Role.ADMIN, Role.AGENT, Role.CLAIMS_ADJUSTER, Role.COMPLIANCE, Role.SERVICE_REP, Role.UNDERWRITER].sort();
    for (const declaration of TIMELINE_KINDS) {
      expect(declaration.readThrough[0].startsWith("Customer.")).toBe(true);
      // the entry's time is the source's own field, and every role may read (and so sort by) it
      expect([declaration.kind, FIELD_CLASSES[declaration.entity().name]?.[declaration.time]]).toEqual([declaration.kind, DataClass.PUBLIC]);
      const readers = declaration.kind === "TASK" ? serviceReaders : Object.values(Role).sort();
      expect([declaration.kind, Object.values(Role).filter((role) => kindVisibleTo(role, declaration)).sort()]).toEqual([declaration.kind, readers]);
    }
    const internalPath = { ...TIMELINE_KINDS[0], readThrough: ["Customer.claims", "Claim.fraudScore"] };
    expect(Object.values(Role).filter((role) => kindVisibleTo(role, internalPath)).sort()).toEqual(
      [Role.ADMIN, Role.AGENT, Role.CLAIMS_ADJUSTER, Role.COMPLIANCE, Role.UNDERWRITER].sort());
    const servicePath = { ...TIMELINE_KINDS[0], readThrough: ["Customer.interactions", "Interaction.notes"] };
    expect(Object.values(Role).filter((role) => kindVisibleTo(role, servicePath)).sort()).toEqual(serviceReaders);
    expect(Object.values(Role).filter((role) => kindVisibleTo(role, { ...TIMELINE_KINDS[0], readThrough: ["Customer.noSuchField"] }))).toEqual([]);
  });
});
