import { makeResidentId } from "../src/shared/national-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { ASSIGN_AGENT, CREATE_CUSTOMER, LINK_RELATIONSHIP, UNLINK_RELATIONSHIP, UPDATE_CUSTOMER } from "./support/operations";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;
const badFields = (res: GraphQLResponse): string[] => (res.body.errors?.[0]?.extensions?.fields ?? []).map((f: { field: string }) => f.field);

describe("customer writes", () => {
  let app: TestApp;
  let admin: string;
  let agent1: string;
  let cipher: PiiCipher;
  const agent1Id = staffIdFor("agent1");
  const agent2Id = staffIdFor("agent2");

  beforeAll(async () => {
    app = await startTestApp({ customers: 40 });
    admin = await app.token(Role.ADMIN);
    agent1 = await app.token(Role.AGENT);
    cipher = new PiiCipher(app.config.piiEncryptionKey);
  });
  afterAll(() => app?.close());

  const customerCount = async () => (await app.db.query(`SELECT count(*)::int AS n FROM customer`))[0].n as number;
  const rowOf = async (id: string) => (await app.db.query(`SELECT * FROM customer WHERE id = $1`, [id]))[0];
  async function bookOf(agentId: string): Promise<string[]> {
    const rows = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 AND erased_at IS NULL ORDER BY customer_number`, [agentId]);
    return rows.map((r: { id: string }) => r.id);
  }

  const person = (overrides: Record<string, unknown> = {}) => ({
    kind: "INDIVIDUAL",
    fullName: "Zhao Lei",
    gender: "MALE",
    dateOfBirth: "1990-05-17",
    idType: "RESIDENT_ID",
    nationalId: makeResidentId("110101", "1990-05-17", 123),
    email: "Zhao.Lei@Example.com",
    phone: "+8613812345678",
    city: "Beijing",
    region: "Beijing",
    occupationClass: 2,
    dependents: 1,
    maritalStatus: "MARRIED",
    ...overrides,
  });

  describe("createCustomer", () => {
    it("creates a customer with the next customer number, its national id sealed like the seed does", async () => {
      const [{ max }] = await app.db.query(`SELECT max(customer_number) AS max FROM customer`);
      const res = await app.gql(CREATE_CUSTOMER, { token: admin, variables: { input: person() } });
      expect(res.body.errors).toBeUndefined();
      const created = res.body.data!.createCustomer;
      expect(created.customerNumber).toBe(`C${String(Number(max.slice(1)) + 1).padStart(8, "0")}`);
      expect(created).toMatchObject({ kind: "INDIVIDUAL", fullName: "Zhao Lei", email: "zhao.lei@example.com", version: 1, assignedAgentId: null });
      const row = await rowOf(created.id);
      const nationalId = makeResidentId("110101", "1990-05-17", 123);
      expect(row.national_id_encrypted).not.toContain(nationalId);
      expect(cipher.decrypt(row.national_id_encrypted)).toBe(nationalId);
      expect(row.national_id_hash).toBe(cipher.blindIndex(nationalId));
      expect(row.dependents).toBe(1);
      expect(row.service_tier).toBe("BASIC");
    });

    it("puts an agent's new customer into the agent's own book", async () => {
      const res = await app.gql(CREATE_CUSTOMER, {
        token: agent1,
        variables: { input: person({ fullName: "Qian Yu", nationalId: makeResidentId("310101", "1985-02-03", 246), dateOfBirth: "1985-02-03" }) },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.createCustomer.assignedAgentId).toBe(agent1Id);
      const read = await app.gql(`query($id: ID!) { customer(id: $id) { id fullName } }`, { token: agent1, variables: { id: res.body.data!.createCustomer.id } });
      expect(read.body.data!.customer.fullName).toBe("Qian Yu");
    });

    it.each([
      ["email", { email: "not-an-email" }],
      ["phone", { phone: "13812345678" }],
      ["phone", { phone: "+86 138 1234 5678" }],
      ["nationalId", { nationalId: "110101199005171230" }],
      ["nationalId", { nationalId: "11010119900517123" }],
      ["idType", { idType: null }],
      ["nationalId", { idType: "BUSINESS_LICENSE" }],
      ["dateOfBirth", { dateOfBirth: "2999-01-01" }],
      ["dateOfBirth", { dateOfBirth: "1991-05-17" }],
      ["dependents", { dependents: -1 }],
      ["occupationClass", { occupationClass: 7 }],
      ["fullName", { fullName: "   " }],
    ])("refuses a bad %s with BAD_USER_INPUT naming the field, and writes nothing (%j)", async (field, overrides) => {
      const before = await customerCount();
      const res = await app.gql(CREATE_CUSTOMER, { token: admin, variables: { input: person(overrides) } });
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
      expect(badFields(res)).toContain(field);
      expect(res.body.data?.createCustomer ?? null).toBeNull();
      expect(await customerCount()).toBe(before);
    });

    it("refuses an unknown enum value with BAD_USER_INPUT", async () => {
      const res = await app.gql(CREATE_CUSTOMER, { token: admin, variables: { input: person({ kind: "ROBOT" }) } });
      expect(codeOf(res)).toBe("BAD_USER_INPUT");
    });

    it("records a national id another agent's customer has exactly like a fresh one, and flags the pair for review", async () => {
      const agent2 = await app.token(Role.AGENT, { user: "agent2" });
      // in agent1's book: agent2's look-ups cannot see it
      const [{ id: hidden }] = await app.db.query(
        `SELECT id FROM customer WHERE assigned_agent_id = $1 AND id_type = 'RESIDENT_ID' AND national_id_encrypted IS NOT NULL ORDER BY customer_number LIMIT 1`,
        [agent1Id],
      );
      const taken = cipher.decrypt((await rowOf(hidden)).national_id_encrypted);
      const fresh = makeResidentId("440301", "1990-05-17", 777);
      const before = await customerCount();
      const shape = (res: GraphQLResponse) => {
        const { id: _id, customerNumber: _number, createdAt: _created, updatedAt: _updated, nationalId: _masked, ...rest } = res.body.data!.createCustomer;
        return { errors: res.body.errors, status: res.status, keys: Object.keys(res.body.data!.createCustomer).sort(), rest };
      };
      const duplicate = await app.gql(CREATE_CUSTOMER, { token: agent2, variables: { input: person({ nationalId: taken.toLowerCase(), dateOfBirth: null }) } });
      const unique = await app.gql(CREATE_CUSTOMER, { token: agent2, variables: { input: person({ nationalId: fresh, dateOfBirth: null }) } });
      expect(codeOf(duplicate)).toBeUndefined();
      expect(shape(duplicate)).toEqual(shape(unique));
      expect(await customerCount()).toBe(before + 2);
      const created = duplicate.body.data!.createCustomer.id;
      expect((await rowOf(created)).assigned_agent_id).toBe(agent2Id);
      const pairs = await app.db.query(`SELECT customer_id, candidate_customer_id, reason, status FROM duplicate_candidate WHERE customer_id = ANY($1) AND reason = 'NATIONAL_ID'`, [
        [created, unique.body.data!.createCustomer.id],
      ]);
      expect(pairs).toEqual([{ customer_id: created, candidate_customer_id: hidden, reason: "NATIONAL_ID", status: "OPEN" }]);
    });

    it("is for agents and administrators only", async () => {
      for (const role of [Role.UNDERWRITER, Role.MARKETING, Role.COMPLIANCE, Role.CLAIMS_ADJUSTER]) {
        const res = await app.gql(CREATE_CUSTOMER, { token: await app.token(role), variables: { input: person() } });
        expect([role, codeOf(res)]).toEqual([role, "FORBIDDEN"]);
      }
      const anonymous = await app.gql(CREATE_CUSTOMER, { variables: { input: person() } });
      expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    });
  });

  describe("updateCustomer", () => {
    it("changes the named fields and bumps the version", async () => {
      const [id] = await bookOf(agent1Id);
      const before = await rowOf(id);
      const res = await app.gql(UPDATE_CUSTOMER, {
        token: agent1,
        variables: { id, expectedVersion: before.version, input: { phone: "+8613900001111", city: "Hangzhou", address: null } },
      });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.updateCustomer).toMatchObject({ id, phone: "+8613900001111", city: "Hangzhou", address: null, version: before.version + 1 });
      const after = await rowOf(id);
      expect(after.full_name).toBe(before.full_name);
      expect(after.region).toBe(before.region);
    });

    it("answers a stale expectedVersion with CONFLICT and changes nothing", async () => {
      const [, id] = await bookOf(agent1Id);
      const before = await rowOf(id);
      const res = await app.gql(UPDATE_CUSTOMER, {
        token: agent1,
        variables: { id, expectedVersion: before.version - 1, input: { city: "Nowhere" } },
      });
      expect(codeOf(res)).toBe("CONFLICT");
      expect(res.body.errors![0].extensions!.currentVersion).toBe(before.version);
      expect(await rowOf(id)).toEqual(before);
    });

    it("lets exactly one of two concurrent updates from the same version win", async () => {
      const [, , id] = await bookOf(agent1Id);
      const before = await rowOf(id);
      const results = await Promise.all(
        ["Suzhou", "Wuxi", "Ningbo"].map((city) =>
          app.gql(UPDATE_CUSTOMER, { token: agent1, variables: { id, expectedVersion: before.version, input: { city } } }),
        ),
      );
      const winners = results.filter((r) => !r.body.errors);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => codeOf(r) === "CONFLICT")).toHaveLength(2);
      const after = await rowOf(id);
      expect(after.version).toBe(before.version + 1);
      expect(after.city).toBe(winners[0].body.data!.updateCustomer.city);
    });

    it("validates changes: a required field cannot be cleared, a new national id is checked and sealed, a duplicate one flagged", async () => {
      const [, , , id] = await bookOf(agent1Id);
      const before = await rowOf(id);
      const cleared = await app.gql(UPDATE_CUSTOMER, { token: agent1, variables: { id, expectedVersion: before.version, input: { fullName: null } } });
      expect(codeOf(cleared)).toBe("BAD_USER_INPUT");
      expect(badFields(cleared)).toEqual(["fullName"]);
      const badId = await app.gql(UPDATE_CUSTOMER, {
        token: agent1,
        variables: { id, expectedVersion: before.version, input: { idType: "RESIDENT_ID", nationalId: "110101199005171231", dateOfBirth: null } },
      });
      expect(codeOf(badId)).toBe("BAD_USER_INPUT");
      expect(await rowOf(id)).toEqual(before);

      const passport = "E12345678";
      const ok = await app.gql(UPDATE_CUSTOMER, {
        token: agent1,
        variables: { id, expectedVersion: before.version, input: { idType: "PASSPORT", nationalId: passport } },
      });
      expect(ok.body.errors).toBeUndefined();
      const after = await rowOf(id);
      expect(cipher.decrypt(after.national_id_encrypted)).toBe(passport);
      expect(after.national_id_hash).toBe(cipher.blindIndex(passport));

      const [other] = (await bookOf(agent1Id)).filter((c) => c !== id);
      const otherRow = await rowOf(other);
      const duplicate = await app.gql(UPDATE_CUSTOMER, {
        token: agent1,
        variables: { id: other, expectedVersion: otherRow.version, input: { idType: "PASSPORT", nationalId: passport } },
      });
      // the same rule as createCustomer: written, and the pair flagged for duplicate review
      expect(codeOf(duplicate)).toBeUndefined();
      expect(cipher.decrypt((await rowOf(other)).national_id_encrypted)).toBe(passport);
      const pairs = await app.db.query(`SELECT customer_id, candidate_customer_id, reason FROM duplicate_candidate WHERE customer_id = $1 AND reason = 'NATIONAL_ID'`, [other]);
      expect(pairs).toEqual([{ customer_id: other, candidate_customer_id: id, reason: "NATIONAL_ID" }]);
    });

    it("treats another agent's customer as not found and leaves it alone", async () => {
      const [foreign] = await bookOf(agent2Id);
      const before = await rowOf(foreign);
      const res = await app.gql(UPDATE_CUSTOMER, { token: agent1, variables: { id: foreign, expectedVersion: before.version, input: { city: "X" } } });
      expect(codeOf(res)).toBe("NOT_FOUND");
      expect(await rowOf(foreign)).toEqual(before);
    });
  });

  describe("assignAgent", () => {
    it("moves a customer into another agent's book (ADMIN)", async () => {
      const [id] = await bookOf(agent1Id);
      const res = await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: id, agentId: agent2Id } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.assignAgent.assignedAgentId).toBe(agent2Id);
      const asAgent1 = await app.gql(`query($id: ID!) { customer(id: $id) { id } }`, { token: agent1, variables: { id } });
      expect(asAgent1.body.data!.customer).toBeNull();
      const asAgent2 = await app.gql(`query($id: ID!) { customer(id: $id) { id } }`, { token: await app.token(Role.AGENT, { user: "agent2" }), variables: { id } });
      expect(asAgent2.body.data!.customer.id).toBe(id);
    });

    it("refuses agents, and a target who is not an active agent", async () => {
      const [id] = await bookOf(agent1Id);
      expect(codeOf(await app.gql(ASSIGN_AGENT, { token: agent1, variables: { customerId: id, agentId: agent1Id } }))).toBe("FORBIDDEN");
      for (const agentId of [staffIdFor("adjuster1"), staffIdFor("former.agent"), "not-an-id"]) {
        const res = await app.gql(ASSIGN_AGENT, { token: admin, variables: { customerId: id, agentId } });
        expect(codeOf(res)).toBe("BAD_USER_INPUT");
        expect(badFields(res)).toEqual(["agentId"]);
      }
      expect((await rowOf(id)).assigned_agent_id).toBe(agent1Id);
    });
  });

  describe("household links", () => {
    const links = async (a: string, b: string) =>
      app.db.query(
        `SELECT customer_id, related_customer_id, kind FROM relationship
         WHERE (customer_id = $1 AND related_customer_id = $2) OR (customer_id = $2 AND related_customer_id = $1) ORDER BY kind`,
        [a, b],
      );

    it("links both ways with the reverse kind, idempotently, and unlinks both ways", async () => {
      const [parent, child] = (await bookOf(agent1Id)).slice(-2);
      await app.db.query(`DELETE FROM relationship WHERE customer_id IN ($1, $2) OR related_customer_id IN ($1, $2)`, [parent, child]);
      for (let i = 0; i < 2; i++) {
        const res = await app.gql(LINK_RELATIONSHIP, { token: agent1, variables: { customerId: parent, relatedCustomerId: child, kind: "CHILD" } });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data!.linkRelationship.household).toEqual([{ kind: "CHILD", member: { id: child } }]);
      }
      expect(await links(parent, child)).toEqual([
        { customer_id: parent, related_customer_id: child, kind: "CHILD" },
        { customer_id: child, related_customer_id: parent, kind: "PARENT" },
      ]);
      const fromChild = await app.gql(`query($id: ID!) { customer(id: $id) { household { kind member { id } } } }`, { token: agent1, variables: { id: child } });
      expect(fromChild.body.data!.customer.household).toEqual([{ kind: "PARENT", member: { id: parent } }]);

      const employer = await app.gql(LINK_RELATIONSHIP, { token: agent1, variables: { customerId: child, relatedCustomerId: parent, kind: "EMPLOYER" } });
      expect(employer.body.errors).toBeUndefined();
      expect((await links(parent, child)).map((l: { kind: string }) => l.kind)).toEqual(["CHILD", "EMPLOYEE", "EMPLOYER", "PARENT"]);

      const unlink = await app.gql(UNLINK_RELATIONSHIP, { token: agent1, variables: { customerId: child, relatedCustomerId: parent, kind: "PARENT" } });
      expect(unlink.body.errors).toBeUndefined();
      expect((await links(parent, child)).map((l: { kind: string }) => l.kind)).toEqual(["EMPLOYEE", "EMPLOYER"]);
      const again = await app.gql(UNLINK_RELATIONSHIP, { token: agent1, variables: { customerId: child, relatedCustomerId: parent, kind: "PARENT" } });
      expect(codeOf(again)).toBe("NOT_FOUND");
    });

    it("refuses a self link, and a link to another agent's customer (NOT_FOUND)", async () => {
      const [mine] = await bookOf(agent1Id);
      const [foreign] = await bookOf(agent2Id);
      const self = await app.gql(LINK_RELATIONSHIP, { token: agent1, variables: { customerId: mine, relatedCustomerId: mine, kind: "OTHER" } });
      expect(codeOf(self)).toBe("BAD_USER_INPUT");
      const before = await links(mine, foreign);
      const res = await app.gql(LINK_RELATIONSHIP, { token: agent1, variables: { customerId: mine, relatedCustomerId: foreign, kind: "SPOUSE" } });
      expect(codeOf(res)).toBe("NOT_FOUND");
      expect(await links(mine, foreign)).toEqual(before);
    });
  });
});
