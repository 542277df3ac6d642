import fs from "node:fs";
import path from "node:path";
import type { Client } from "graphql-ws";
import { customer360Client } from "../docs/examples/clients/urql-client";
import { dispatchLive, liveSubscribers, subscribeLive } from "./support/live-client";
import { Role } from "../src/auth/role";
import { loadConfig } from "../src/config";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import { loadGenerated, runClientPreset, typeCheck } from "./support/codegen";

/**
 * Trusted documents as front-end tooling makes them: graphql-codegen's client preset (persisted
 * documents with `sha256:<hex>` ids) writes the manifest the server starts with, unchanged; a real
 * client (urql with its persisted exchange) sends the generated documents by id — queries by GET
 * (cacheable), mutations by POST — and the GraphQL-over-HTTP `documentId` works by GET and POST.
 */
const OPERATIONS = `
query CustomerCard($id: ID!) {
  customer(id: $id) { id customerNumber fullName serviceTier
    policies(first: 5) { count { value precision } edges { node { id policyNumber status } } } }
}
query CustomerList($first: Int) {
  customers(first: $first) { count { value precision } pageInfo { hasNextPage endCursor } edges { cursor node { id customerNumber } } }
}
mutation RecordCall($input: RecordInteractionInput!) {
  recordInteraction(input: $input) { id subject channel occurredAt }
}
subscription CustomerWatch($id: ID!) {
  customerChanged(id: $id) { eventType changedFields }
}`;

describe("trusted documents with graphql-codegen and a real client", () => {
  let dir: string;
  let manifest: Record<string, string>;
  let generated: Record<string, any>;
  let diagnostics: string[];
  let app: TestApp;
  let agent: string;
  let customerId: string;

  beforeAll(async () => {
    // inside the project, so that the generated code resolves graphql and its typings as a client project would
    fs.mkdirSync(path.join(__dirname, "..", "test-artifacts"), { recursive: true });
    dir = fs.mkdtempSync(path.join(__dirname, "..", "test-artifacts", "codegen-"));
    const out = path.join(dir, "gql");
    ({ manifest } = await runClientPreset(OPERATIONS, out));
    diagnostics = typeCheck([path.join(out, "graphql.ts"), path.join(out, "gql.ts"), path.join(out, "index.ts")]);
    generated = loadGenerated(path.join(out, "graphql.ts"));
    const manifestFile = path.join(dir, "persisted-documents.json");
    fs.copyFileSync(path.join(out, "persisted-documents.json"), manifestFile);
    app = await startTestApp({ customers: 6, env: { PERSISTED_OPERATIONS: "only", PERSISTED_OPERATIONS_FILE: manifestFile } });
    agent = await app.token(Role.AGENT);
    [{ id: customerId }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
  });
  afterAll(async () => {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts on the client preset's manifest as written: sha256:<hex> ids, output that type-checks", () => {
    const ids = Object.keys(manifest);
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(diagnostics).toEqual([]);
    expect(generated.CustomerCardDocument.__meta__.hash).toBe(ids.find((id) => manifest[id].startsWith("query CustomerCard")));
  });

  /** The guide's urql client (docs/examples/clients/urql-client.ts), its requests recorded. */
  function client() {
    const requests: { method: string; url: string; body: string | null }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      requests.push({ method: init?.method ?? "GET", url: String(input), body: typeof init?.body === "string" ? init.body : null });
      return fetch(input, init);
    };
    return { urql: customer360Client(app.server.url, () => agent, recordingFetch), requests };
  }

  it("answers the generated query documents sent by id only, by GET", async () => {
    const { urql, requests } = client();
    const card = await urql.query(generated.CustomerCardDocument, { id: customerId }, { requestPolicy: "network-only" }).toPromise();
    expect(card.error).toBeUndefined();
    expect(card.data.customer.id).toBe(customerId);
    expect(card.data.customer.policies.count.precision).toBe("EXACT");
    const list = await urql.query(generated.CustomerListDocument, { first: 2 }, { requestPolicy: "network-only" }).toPromise();
    expect(list.error).toBeUndefined();
    expect(list.data.customers.edges).toHaveLength(2);
    expect(requests.map((r) => r.method)).toEqual(["GET", "GET"]);
    for (const request of requests) {
      const url = new URL(request.url);
      expect(url.searchParams.get("query")).toBeNull(); // the document itself never travels
      expect(JSON.parse(url.searchParams.get("extensions")!).persistedQuery.sha256Hash).toMatch(/^sha256:/);
    }
  });

  it("runs a generated mutation by id over POST, and never by GET", async () => {
    const { urql, requests } = client();
    const input = { customerId, channel: "PHONE", kind: "INQUIRY", subject: "Trusted call" };
    const recorded = await urql.mutation(generated.RecordCallDocument, { input }).toPromise();
    expect(recorded.error).toBeUndefined();
    expect(recorded.data.recordInteraction.subject).toBe("Trusted call");
    expect(requests.map((r) => r.method)).toEqual(["POST"]);
    expect(JSON.parse(requests[0].body!).query).toBeUndefined();

    const id = Object.keys(manifest).find((key) => manifest[key].startsWith("mutation RecordCall"))!;
    const byGet = await fetch(`${app.server.url}?documentId=${encodeURIComponent(id)}&variables=${encodeURIComponent(JSON.stringify({ input }))}`, {
      headers: { authorization: `Bearer ${agent}` },
    });
    expect(byGet.status).toBe(405); // a mutation is never a GET
  });

  it("takes documentId (GraphQL over HTTP) by GET and POST, in either id form", async () => {
    const id = Object.keys(manifest).find((key) => manifest[key].startsWith("query CustomerCard"))!;
    const variables = encodeURIComponent(JSON.stringify({ id: customerId }));
    for (const documentId of [id, id.slice("sha256:".length)]) {
      const get = await fetch(`${app.server.url}?documentId=${encodeURIComponent(documentId)}&variables=${variables}`, { headers: { authorization: `Bearer ${agent}` } });
      expect(get.status).toBe(200);
      expect(((await get.json()) as any).data.customer.id).toBe(customerId);
      const post = await app.gql("", { token: agent, variables: { id: customerId }, headers: {} });
      expect(post.status).toBe(400); // no document and no id: refused
      const byId = await fetch(app.server.url, {
        method: "POST",
        headers: { authorization: `Bearer ${agent}`, "content-type": "application/json" },
        body: JSON.stringify({ documentId, variables: { id: customerId } }),
      });
      expect(((await byId.json()) as any).data.customer.id).toBe(customerId);
    }
  });

  it("refuses unregistered documents and unknown ids, and keeps CSRF protection for requests without a token", async () => {
    const other = await app.gql(`{ customers(first: 1) { edges { node { id } } } }`, { token: agent });
    expect([other.status, other.body.errors?.[0].extensions?.code]).toEqual([400, "PERSISTED_QUERY_NOT_FOUND"]);
    const unknown = await fetch(`${app.server.url}?documentId=sha256:${"0".repeat(64)}`, { headers: { authorization: `Bearer ${agent}` } });
    expect(unknown.status).toBe(400);
    const id = Object.keys(manifest).find((key) => manifest[key].startsWith("query CustomerList"))!;
    // a plain cross-site GET (no token, no preflight header) is still blocked before it runs
    const simple = await fetch(`${app.server.url}?documentId=${encodeURIComponent(id)}`);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it("holds on the live socket too: a registered subscription by its id or text, nothing else", async () => {
    const clients: Client[] = [];
    try {
      const id = Object.keys(manifest).find((key) => manifest[key].startsWith("subscription CustomerWatch"))!;
      const unregistered = subscribeLive(app.server.url, clients, agent, `subscription Other($id: ID!) { customerChanged(id: $id) { eventType } }`, { id: customerId });
      expect((await unregistered.next(5000))?.errors?.[0].extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      const byText = subscribeLive(app.server.url, clients, agent, manifest[id], { id: customerId });
      const byId = subscribeLive(app.server.url, clients, agent, "", { id: customerId }, { persistedQuery: { version: 1, sha256Hash: id } });
      expect(await liveSubscribers(app.db, 2)).toBe(2);
      while ((await dispatchLive(app.db)).fannedOut > 0); // earlier events
      const call = Object.values(manifest).find((document) => document.startsWith("mutation RecordCall"))!;
      const recorded = await app.gql(call, { token: agent, variables: { input: { customerId, channel: "EMAIL", kind: "INQUIRY", subject: "Watched" } } });
      expect(recorded.body.errors).toBeUndefined();
      await dispatchLive(app.db);
      // both were accepted: each is pushed the change
      expect((await byText.next(5000))?.data?.customerChanged.eventType).toEqual(expect.stringMatching(/^interaction\./));
      expect((await byId.next(5000))?.data?.customerChanged.eventType).toEqual(expect.stringMatching(/^interaction\./));
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });

  it("refuses to start on a manifest whose ids are not the documents' sha256 (codegen's default sha1)", () => {
    const sha1 = path.join(dir, "sha1.json");
    const [document] = Object.values(manifest);
    fs.writeFileSync(sha1, JSON.stringify({ [require("node:crypto").createHash("sha1").update(document).digest("hex")]: document }));
    return expect(startTestApp({ customers: 1, env: { PERSISTED_OPERATIONS: "only", PERSISTED_OPERATIONS_FILE: sha1 } })).rejects.toThrow(/hashAlgorithm "sha256"/);
  });

  it("in allow mode serves registered ids and any other document, and an APQ client's second try", async () => {
    const file = path.join(dir, "apollo-manifest.json");
    const [id, body] = Object.entries(manifest).find(([, document]) => document.startsWith("query CustomerList"))!;
    // Apollo's manifest format, as generate-persisted-query-manifest writes it
    fs.writeFileSync(file, JSON.stringify({ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id: id.slice(7), name: "CustomerList", type: "query", body }] }));
    expect(() => loadConfig({ NODE_ENV: "test", PERSISTED_OPERATIONS: "allow" })).toThrow(/PERSISTED_OPERATIONS_FILE/);
    const open = await startTestApp({ customers: 2, env: { PERSISTED_OPERATIONS: "allow", PERSISTED_OPERATIONS_FILE: file } });
    try {
      const token = await open.token(Role.ADMIN);
      const registered = await fetch(`${open.server.url}?documentId=${id}&variables=${encodeURIComponent(JSON.stringify({ first: 1 }))}`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await registered.json()) as any).data.customers.edges).toHaveLength(1);
      const adHoc = await open.gql(`{ customers(first: 2) { edges { node { id } } } }`, { token });
      expect(adHoc.body.data?.customers.edges).toHaveLength(2);
      const query = `{ customers(first: 1) { edges { node { customerNumber } } } }`;
      const sha256Hash = require("node:crypto").createHash("sha256").update(query).digest("hex");
      const firstTry = await open.gql("", { token, variables: {}, headers: {} }).catch(() => null);
      expect(firstTry?.status).toBe(400);
      const hashOnly = await fetch(open.server.url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }) });
      expect([hashOnly.status, ((await hashOnly.json()) as any).errors[0].extensions.code]).toEqual([400, "PERSISTED_QUERY_NOT_FOUND"]);
      const secondTry = await fetch(open.server.url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }) });
      expect(((await secondTry.json()) as any).data.customers.edges).toHaveLength(1);
    } finally {
      await open.close();
    }
  });
});
