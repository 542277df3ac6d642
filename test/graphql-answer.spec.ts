import { Role } from "../src/auth/role";
import { answerBytes, answersIssued, answersWaiting } from "../src/http/graphql-answer";
import { JsonText } from "../src/shared/json-text";
import { startTestApp, type TestApp } from "./support/app";

/** What Apollo would have sent: its prettyJSONStringify, encoded by express. */
const apolloBytes = (value: unknown) => Buffer.from(JSON.stringify(value) + "\n", "utf8");

/** A small deterministic generator of JSON-like values (every kind answerBytes treats apart). */
function generated(seed: number, depth = 0): unknown {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const text = () => {
    const alphabet = ["a", "Z", " ", '"', "\\", "\n", "é", "–", "Ł", "😀", "\u0000", "\u2028", "\ud800", "</"];
    return Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  };
  const kind = Math.floor(next() * (depth > 3 ? 5 : 8));
  switch (kind) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return [0, -0, 1.5, -7, 1e21, NaN, Infinity][Math.floor(next() * 7)];
    case 3: return text();
    case 4: return next() < 0.5 ? undefined : new Date(Date.UTC(2026, 11, 4, 12, 0, Math.floor(next() * 60)));
    case 5: return Array.from({ length: Math.floor(next() * 6) }, (_, i) => generated(seed * 31 + i + 1, depth + 1));
    default: {
      const object: Record<string, unknown> = next() < 0.2 ? Object.create(null) : {};
      for (let i = 0; i < Math.floor(next() * 6); i++) object[next() < 0.1 ? "__proto__x" : text() || `k${i}`] = generated(seed * 17 + i + 1, depth + 1);
      return object;
    }
  }
}

describe("answers written in pieces (src/http/graphql-answer.ts)", () => {
  it("gives the bytes Apollo and express gave, for every kind of value", () => {
    const proto: Record<string, unknown> = {};
    Object.defineProperty(proto, "__proto__", { value: { a: 1 }, enumerable: true, writable: true, configurable: true });
    const fixed: unknown[] = [
      { data: null },
      { data: { customers: { edges: [] } } },
      { errors: [{ message: "Not allowed – Łódź", path: ["customer", 0], extensions: { code: "FORBIDDEN" } }], data: { customer: null } },
      { data: { list: [undefined, () => 1, null, 1, "two"], skip: undefined, fn: () => 1 } },
      { data: { at: new Date(Date.UTC(2026, 11, 4)), nested: [[1, [2, [3]]], { a: [{ b: "😀" }] }] } },
      { data: proto },
      { data: Object.assign(Object.create(null), { plain: "no prototype" }) },
    ];
    for (const value of fixed) expect(answerBytes(value).equals(apolloBytes(value))).toBe(true);
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const value = { data: generated(seed) };
      expect(answerBytes(value).equals(apolloBytes(value))).toBe(true);
      compared++;
    }
    expect(compared).toBe(400);
  });

  it("gives the same bytes for a page far larger than one piece, beyond Latin-1 and with a pair split at a piece's edge", () => {
    const edges = Array.from({ length: 300 }, (_, i) => ({ cursor: `c${i}`, node: { name: `Łukasz Żółć ${i} – 😀`, score: i / 7 } }));
    const page = { data: { offers: { edges, pageInfo: { hasNextPage: true, endCursor: "c299" } } } };
    const bytes = answerBytes(page);
    expect(bytes.length).toBeGreaterThan(3 * 8192);
    expect(bytes.equals(apolloBytes(page))).toBe(true);
    // a surrogate pair around every position of the first piece's end
    for (let pad = 8180; pad < 8200; pad++) {
      const value = { data: { a: "x".repeat(pad), b: ["😀😀", "y"] } };
      expect(answerBytes(value).equals(apolloBytes(value))).toBe(true);
    }
  });
});

describe("values the statement wrote as text (JsonText)", () => {
  it("are written as they are, as a list's element or an object's value; anything else that stringifies them gets the same JSON", () => {
    const node = '{"fullName":"Łucja \\"Ó\\"","premium":{"amount":123},"tags":[]}';
    const answer = { data: { customers: { edges: [new JsonText(`{"node":${node}}`), { node: { fullName: "plain" } }], one: new JsonText(node) } } };
    const plain = JSON.parse(JSON.stringify(answer));
    expect(plain.data.customers.edges[0].node.fullName).toBe('Łucja "Ó"');
    expect(answerBytes(answer).toString("utf8")).toBe(`${JSON.stringify(plain)}\n`);
    expect(answerBytes(answer).toString("utf8")).toContain(`"one":${node}`);
  });
});

describe("/graphql sends the deferred answers", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ customers: 3 });
  });
  afterAll(() => app?.close());

  it("answers a name beyond Latin-1 byte for byte, with its length, and leaves no answer waiting", async () => {
    const token = await app.token(Role.ADMIN);
    const name = "Łucja Żółć – 😀 Öztürk";
    const before = answersIssued();
    const created = await app.gql<{ createCustomer: { id: string } }>(`mutation Add($name: String!) { createCustomer(input: { kind: INDIVIDUAL, fullName: $name }) { id } }`, {
      token,
      variables: { name },
    });
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data!.createCustomer.id;
    const res = await fetch(app.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query One($id: ID!) { customer(id: $id) { id fullName } }`, variables: { id } }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length);
    expect(bytes.equals(apolloBytes({ data: { customer: { id, fullName: name } } }))).toBe(true);
    // an error answer and a refused document go the same way
    const refused = await fetch(app.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ customers(" }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(answersIssued() - before).toBe(3); // the mutation, the read, the parse failure: all written by the handler
    expect(answersWaiting()).toBe(0);
  });
});
