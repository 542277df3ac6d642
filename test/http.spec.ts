import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";

describe("HTTP surface", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
  });
  afterAll(() => app?.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(app.server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  it("refuses a body over 64 KiB with 413 in GraphQL's error shape", async () => {
    const res = await post(JSON.stringify({ query: `{ me { role } }`, padding: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ errors: [{ message: "Request body too large", extensions: { code: "BAD_REQUEST" } }] });
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const res = await post("{bad json");
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(text).not.toMatch(/at |node_modules|SyntaxError/);
  });

  it("refuses a body nested deeper than 64 levels before parsing it (no stack exhaustion later)", async () => {
    let rule = `{"condition":{"field":"AGE","op":"GT","value":30}}`;
    for (let level = 0; level < 5000; level += 1) rule = `{"not":${rule}}`;
    const res = await post(`{"query":"query P($rule: SegmentRuleInput!) { previewSegment(rule: $rule) { count } }","variables":{"rule":${rule}}}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: "Request body nested too deeply", extensions: { code: "BAD_REQUEST" } }] });
  });

  it("answers values the database cannot take (a NUL character) and over-long searches with BAD_USER_INPUT", async () => {
    const token = await app.token(Role.ADMIN);
    for (const search of ["ab\u0000cd", "x".repeat(101)]) {
      const res = await post(JSON.stringify({ query: `query S($search: String) { customers(filter: { search: $search }) { totalCount } }`, variables: { search } }), {
        authorization: `Bearer ${token}`,
      });
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
  });

  it("answers a syntax error in the query with 400 GRAPHQL_PARSE_FAILED", async () => {
    const res = await post(JSON.stringify({ query: "{ customers(" }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
  });

  it("refuses batched requests", async () => {
    const res = await post(JSON.stringify([{ query: "{ me { role } }" }, { query: "{ me { role } }" }]));
    expect(res.status).toBe(400);
  });

  it("echoes or assigns a request id", async () => {
    const given = await post(JSON.stringify({ query: "{ me { role } }" }), { "x-request-id": "req-123" });
    expect(given.headers.get("x-request-id")).toBe("req-123");
    const assigned = await post(JSON.stringify({ query: "{ me { role } }" }));
    expect(assigned.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends GraphQL answers without an ETag (a digest of personal data no cache may keep); the console page keeps its own", async () => {
    const token = await app.token(Role.ADMIN);
    const answer = await post(JSON.stringify({ query: "{ customers(first: 3) { edges { node { id fullName } } } }" }), { authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { customers: { edges: unknown[] } } }).data.customers.edges).toHaveLength(3);
    expect(answer.headers.get("etag")).toBeNull();
    const refused = await post("{bad json");
    expect(refused.status).toBe(400); // errors inside the GraphQL app still reach the server's error handler
    expect(refused.headers.get("etag")).toBeNull();
    const page = await fetch(`${app.server.url.replace(/\/graphql$/, "")}/console`);
    expect(page.status).toBe(200);
    expect(page.headers.get("etag")).toMatch(/^W\/"/);
  });

  it("reports liveness and readiness", async () => {
    const base = app.server.url.replace(/\/graphql$/, "");
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: app.db.kind });
  });
});
