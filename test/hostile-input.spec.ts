import http from "node:http";
import { createHmac } from "node:crypto";
import { performance } from "node:perf_hooks";
import { brotliCompressSync, constants, deflateSync, gzipSync } from "node:zlib";
import { Role } from "../src/auth/role";
import { DEFAULT_USERNAME_BY_ROLE, staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";
import {
  BAD_REQUEST, BODY_LIMIT, bytes, CREATE, FIND, HOSTILE_CATEGORIES, ME, OK, okAnd, op, PARSE, POLLUTION_MARKER, post, repeat, seededRandom, times, uuid,
  type Expectation, type HostileCase, type HostileCategory, type HostileContext, type HostileReply, type Random,
} from "./support/hostile-bodies";

/**
 * Hostile input over real HTTP (node:http, raw bytes): every generated request must be answered
 * below 500, without a stack trace or SQL text, with coded errors, in under 1 s (a loose bound: the
 * CI machine is shared; the 100 ms target is measured by `npm run bench`), and with the
 * outcome the contract fixes for its kind. Runs against a test-mode and a production-mode server.
 */

// --- transport-level variants: content types, CSRF, methods, tokens, headers, sizes, encodings ---
const PREFLIGHT = { "apollo-require-preflight": "true" };
const UNAUTHENTICATED: Expectation = { status: [401], code: "UNAUTHENTICATED" };
const bySize = (size: number, within: Expectation = OK): Expectation => (size > BODY_LIMIT ? { status: [413] } : within);
const get = (label: string, params: Record<string, string> | string, expect: Expectation, headers?: HostileCase["headers"]): HostileCase =>
  ({ label, method: "GET", search: typeof params === "string" ? params : new URLSearchParams(params).toString(), expect, headers });
const percent = (raw: Buffer) => [...raw].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
function forgeJwt(header: Record<string, unknown>, payload: unknown, secret: string | null, hash = "sha256"): string {
  const signed = `${b64(header)}.${b64(payload)}`;
  return `${signed}.${secret === null ? "" : createHmac(hash, secret).update(signed).digest("base64url")}`;
}
const INVALID_UTF8 = [[0x80], [0xbf], [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xfe], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];
/** Starts with a lone continuation byte, so it never decodes to a BOM or to ASCII. */
const invalidUtf8 = (r: Random) =>
  Buffer.from([0x80, ...times(r.int(1, 6), () => r.pick(INVALID_UTF8)).flat(), ...times(r.int(0, 40), () => r.int(0x80, 0xff))]);

const TRANSPORT_CATEGORIES: HostileCategory[] = [
  { name: "content-type", generate: (_ctx, r) => times(60, (i) => {
    const type = r.pick(["application/xml", "application/graphql", "application/graphql-response+json", "application/json-patch+json", "text/html", "image/png",
      "application/octet-stream", "application/jsonx", "json", "", "text/json", "application/x-ndjson", "application/json; charset=latin1",
      "application/json; charset=iso-8859-1", "application/json; charset=bogus", "application/json; charset=utf-32", undefined]);
    const headers = i % 4 === 3 ? { "content-encoding": r.pick(["gzip", "deflate", "br", "x-foo", "gzip, br", "identity, gzip"]) }
      : { "content-type": type, ...(r.next() < 0.5 ? PREFLIGHT : {}) };
    return post(`headers ${JSON.stringify(headers)}`, op(ME), { status: [400, 415], code: "BAD_REQUEST" }, headers);
  }) },
  { name: "csrf", generate: (_ctx, r) => times(60, (i) => {
    if (i % 6 === 5) {
      // without its bearer token (a header no cross-site page can send without a preflight) a GET may be a forgery: refused
      if (i % 12 === 5) return get("GET without a token or a preflight header", { query: r.pick([ME, CREATE]) }, BAD_REQUEST, { authorization: undefined, ...(r.next() < 0.5 ? {} : { "content-type": "text/plain" }) });
      // with it, a GET may run a query (documents by id are cacheable GETs), never a mutation, never with a form's content type
      const query = r.pick([ME, CREATE]);
      const plain = r.next() < 0.5;
      const expected: Expectation = plain ? { status: [415], code: "BAD_REQUEST" } : query === CREATE ? { status: [405], code: "BAD_REQUEST" } : OK;
      return get("GET with a token, without a preflight header", { query }, expected, plain ? { "content-type": "text/plain" } : {});
    }
    const type = r.pick(["text/plain", "text/plain; charset=utf-8", "TEXT/PLAIN", "Text/Plain;charset=UTF-8", "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded; charset=utf-8", "multipart/form-data; boundary=c360", "MULTIPART/FORM-DATA; boundary=c360"]);
    const body = type.toLowerCase().startsWith("multipart") ? `--c360\r\nContent-Disposition: form-data; name="query"\r\n\r\n${CREATE}\r\n--c360--\r\n`
      : type.includes("form") ? `query=${encodeURIComponent(CREATE)}` : op(CREATE);
    return post(`POST ${type}`, body, BAD_REQUEST, { "content-type": type });
  }) },
  { name: "get-mutations", generate: (ctx, r) => times(40, (i) => {
    if (i % 10 === 9) return { label: `${["PUT", "DELETE", "PATCH"][i % 3]} mutation`, method: ["PUT", "DELETE", "PATCH"][i % 3], body: op(CREATE), expect: { status: [400, 404, 405] } };
    const mutation = r.pick([CREATE, `mutation { deleteSegment(id: "${uuid(r)}") }`, `mutation { eraseCustomer(customerId: "${ctx.customerId}", reason: "get") { id } }`,
      `mutation Add($name: String!) { createCustomer(input: { kind: INDIVIDUAL, fullName: $name }) { id } }`,
      `query Safe { me { role } } mutation Unsafe { assessRisk(customerId: "${ctx.customerId}") { score } }`]);
    const params = { query: mutation, ...(mutation.includes("Unsafe") ? { operationName: "Unsafe" } : {}), ...(mutation.includes("$name") ? { variables: '{"name":"Get Probe"}' } : {}) };
    const headers = [PREFLIGHT, { "content-type": "application/json" }, {}, { "x-apollo-operation-name": "Unsafe" }][i % 4];
    return get(`GET ${JSON.stringify(headers)} ${mutation.slice(0, 40)}`, params, { status: [400, 405] }, headers);
  }) },
  { name: "jwt", generate: (ctx, r) => {
    const now = Math.floor(Date.now() / 1000);
    const { secret, issuer: iss, audience: aud } = ctx.jwt;
    const claims = (extra: Record<string, unknown> = {}) => ({ sub: ctx.staff.admin, role: "ADMIN", iss, aud, iat: now, exp: now + 3600, ...extra });
    const hs = { alg: "HS256", typ: "JWT" };
    const tokens: [string, () => string][] = [
      ["garbage", () => r.word(r.int(1, 2000))],
      ["three random segments", () => `${b64(r.word(20))}.${b64(r.word(30))}.${b64(r.word(40))}`],
      ["alg none", () => forgeJwt({ alg: r.pick(["none", "None", "NONE", "nOnE"]), typ: "JWT" }, claims(), null)],
      ["alg none with a signature", () => `${forgeJwt({ alg: "none" }, claims(), null)}${b64(r.word(32))}`],
      ["HS512 with the right secret", () => forgeJwt({ alg: "HS512", typ: "JWT" }, claims(), secret, "sha512")],
      ["RS256 header, HMAC signature", () => forgeJwt({ alg: "RS256", typ: "JWT" }, claims(), secret)],
      ["wrong secret", () => forgeJwt(hs, claims(), r.word(40))],
      ["expired", () => forgeJwt(hs, claims({ exp: now - r.int(1, 10 ** 6) }), secret)],
      ["not yet valid", () => forgeJwt(hs, claims({ nbf: now + r.int(600, 10 ** 6) }), secret)],
      ["wrong issuer", () => forgeJwt(hs, claims({ iss: r.word(8) }), secret)],
      ["wrong audience", () => forgeJwt(hs, claims({ aud: r.word(8) }), secret)],
      ["no exp", () => forgeJwt(hs, { ...claims(), exp: undefined }, secret)],
      ["exp as a string", () => forgeJwt(hs, claims({ exp: String(now + 3600) }), secret)],
      ["unknown role", () => forgeJwt(hs, claims({ role: r.pick(["SUPERUSER", "admin", 42, null]) }), secret)],
      ["subject not an id", () => forgeJwt(hs, claims({ sub: r.pick(["admin", "", r.word(36), 7]) }), secret)],
      ["unknown staff user", () => forgeJwt(hs, claims({ sub: uuid(r) }), secret)],
      ["inactive staff user", () => forgeJwt(hs, claims({ sub: ctx.staff.inactive, role: "AGENT" }), secret)],
      ["role the user does not have", () => forgeJwt(hs, claims({ sub: ctx.staff.agent, role: "ADMIN" }), secret)],
      ["unknown customer", () => forgeJwt(hs, claims({ sub: uuid(r), role: "CUSTOMER" }), secret)],
      ["payload not JSON", () => `${b64(hs)}.${b64("not json")}.${b64(r.word(32))}`],
      ["8 KiB token", () => forgeJwt(hs, claims({ padding: r.word(6000) }), r.word(40))],
    ];
    return times(60, (i) => {
      if (i % 12 === 11) {
        const header = r.pick(["Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Token abc", `Bearer ${forgeJwt(hs, claims(), secret)} extra`, "bearer", "Bearer\t"]);
        return post(`authorization ${JSON.stringify(header.slice(0, 30))}`, op(ME), UNAUTHENTICATED, { authorization: header });
      }
      const [label, token] = tokens[i % tokens.length];
      return post(label, op(ME), UNAUTHENTICATED, { authorization: `Bearer ${token()}` });
    });
  } },
  { name: "headers", generate: (_ctx, r) => times(40, (i) => {
    const id = r.word(r.int(65, 12000));
    return [
      () => post(`x-request-id of ${id.length}`, op(ME), okAnd((res) => (res.headers["x-request-id"] === id.slice(0, 64) ? undefined : "request id not cut to 64")), { "x-request-id": id }),
      () => post("many headers", op(ME), OK, Object.fromEntries(times(r.int(50, 250), (k) => [`x-c360-junk-${k}`, r.word(r.int(1, 30))]))),
      () => post("long cookie", op(ME), OK, { cookie: repeat(r.int(10, 400), () => `${r.word(5)}=${r.word(20)}`, "; ") }),
      () => post("long user-agent", op(ME), OK, { "user-agent": r.word(r.int(1000, 12000)) }),
      () => post("long accept-language", op(ME), OK, { "accept-language": repeat(r.int(10, 900), () => "zh-CN;q=0.9", ", ") }),
      () => post("long x-access-purpose", op("{ me { purpose } }"), okAnd((res) => ((res.json.data.me.purpose ?? "").length <= 80 ? undefined : "purpose not cut to 80")),
        { "x-access-purpose": r.word(r.int(81, 12000)) }),
      () => post("Latin-1 bytes in headers", op(ME), OK, { "x-request-id": Buffer.from(times(r.int(1, 200), () => r.int(0x80, 0xff))).toString("latin1"), "x-access-purpose": "\u00e9\u00ff" }),
      () => post("odd accept headers", op(ME), OK, { accept: r.pick(["*/*;q=0.1", "application/graphql-response+json", repeat(300, () => "application/json;q=0.5", ", ")]) }),
      () => post("accept without JSON", op(ME), { status: [406], code: "BAD_REQUEST" }, { accept: r.pick(["application/json;;;q=x", "text/html", "image/png, text/*"]) }),
    ][i % 9]();
  }) },
  { name: "huge-bodies", generate: (_ctx, r) => times(80, (i) => {
    const size = i < 8 ? [BODY_LIMIT - 1, BODY_LIMIT, BODY_LIMIT + 1, BODY_LIMIT + 1024][i % 4] : r.int(1024, 256 * 1024);
    const fill = (make: (pad: string) => string, unit = "x") => {
      const room = Math.max(0, size - Buffer.byteLength(make("")));
      return make(unit.repeat(Math.floor(room / Buffer.byteLength(unit))) + "x".repeat(room % Buffer.byteLength(unit)));
    };
    const padded = (pad: string) => JSON.stringify({ query: ME, padding: pad });
    const kind = i % 8; // 6: compressed, 7: chunked
    if (kind === 6) {
      const raw = Buffer.from(fill(padded));
      const [encoding, compress] = r.pick([["gzip", gzipSync], ["deflate", deflateSync],
        ["br", (b: Buffer) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })]] as const);
      return post(`${encoding} of ${raw.length} bytes`, compress(raw), bySize(raw.length), { "content-encoding": encoding });
    }
    if (kind === 1 || kind === 2) {
      // a huge search string: refused as input (at most 100 characters), never run against the index
      const search = kind === 1
        ? fill((pad) => op(`{ customers(filter: { search: "ab${pad}" }) { totalCount } }`))
        : fill((pad) => op(FIND, { filter: { search: `ab${pad}` } }));
      return { label: `${Buffer.byteLength(search)} bytes, form ${kind}`, body: search, expect: bySize(Buffer.byteLength(search), { status: [200], code: "BAD_USER_INPUT" }) };
    }
    const body = [
      () => fill(padded),
      () => "",
      () => "",
      () => fill((pad) => op(`# ${pad}\n${ME}`)),
      () => fill((pad) => op(`{ me { role ${pad} } }`), ","),
      () => fill(padded, "中"),
    ][kind % 7]();
    return { label: `${Buffer.byteLength(body)} bytes, form ${kind}`, body, chunked: kind === 7, expect: bySize(Buffer.byteLength(body)) };
  }) },
  { name: "invalid-utf8", generate: (_ctx, r) => times(80, (i) => {
    const bad = invalidUtf8(r);
    return [
      () => post("inside a GraphQL string", bytes('{"query":"{ customers(filter: { search: \\"ab', bad, '\\" }) { totalCount } }"}'), OK),
      () => post("in the GraphQL source", bytes('{"query":"{ me { role ', bad, ' } }"}'), PARSE),
      () => post("inside a variable", bytes(`{"query":${JSON.stringify(FIND)},"variables":{"filter":{"search":"ab`, bad, '"}}}'), OK),
      () => post("as a JSON key", bytes(`{"query":${JSON.stringify(ME)},"`, bad, '":1}'), OK),
      () => post("the whole body", bad, BAD_REQUEST),
      () => post("in operationName", bytes('{"query":"query Renewal { me { role } }","operationName":"Renewal', bad, '"}'), { status: [400] }),
      () => get("GET, in the source", `query=${encodeURIComponent("{ me { role ")}${percent(bad)}${encodeURIComponent(" } }")}`, PARSE, PREFLIGHT),
      () => get("GET, inside a string", `query=${encodeURIComponent('{ customers(filter: { search: "ab')}${percent(bad)}${encodeURIComponent('" }) { totalCount } }')}`, OK, PREFLIGHT),
    ][i % 8]();
  }) },
];

// --- the runner ---
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
afterAll(() => agent.destroy());

function send(url: URL, hostile: HostileCase, token: string): Promise<HostileReply> {
  const method = hostile.method ?? (hostile.search === undefined ? "POST" : "GET");
  const merged = { ...(method === "GET" ? {} : { "content-type": "application/json" }), authorization: `Bearer ${token}`, ...hostile.headers };
  const headers = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as Record<string, string>;
  const body = hostile.body === undefined ? undefined : Buffer.from(hostile.body);
  if (body && !hostile.chunked) headers["content-length"] = String(body.length);
  const path = `${url.pathname}${hostile.search === undefined ? "" : `?${hostile.search}`}`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request({ host: url.hostname, port: url.port, path, method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const ms = performance.now() - started;
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json, ms });
      });
    });
    request.setTimeout(10_000, () => request.destroy(new Error("no answer within 10 s")));
    request.on("error", reject);
    if (body && hostile.chunked) {
      for (let at = 0; at < body.length; at += 8192) request.write(body.subarray(at, at + 8192));
      request.end();
    } else request.end(body);
  });
}

// a JSON body carries a stack's line breaks as the two characters "\n"
const LEAKS: [RegExp, string][] = [[/(\n|\\n)\s+at\s/, "stack frame"], [/node_modules/, "node_modules path"], [/\.ts:/, "source location"],
  [/stacktrace/i, "stacktrace"], [/SELECT |INSERT INTO|DELETE FROM|UPDATE \w+ SET/, "SQL text"]];
// loose on purpose (10x the 100 ms target): correct answers took 103-133 ms on a busy CI machine
const MAX_MS = 1000;

function problemsOf(hostile: HostileCase, reply: HostileReply, production: boolean): string[] {
  const { expect: wanted } = hostile;
  const problems: string[] = [];
  if (reply.status >= 500) problems.push(`HTTP ${reply.status}`);
  if (!wanted.status.includes(reply.status)) problems.push(`status ${reply.status}, expected ${wanted.status.join(" or ")}`);
  if (reply.ms >= MAX_MS) problems.push(`${reply.ms.toFixed(0)} ms`);
  for (const [pattern, what] of LEAKS) if (pattern.test(reply.text)) problems.push(`body shows a ${what}`);
  const errors: unknown = reply.json?.errors;
  if (reply.status !== 200 && !Array.isArray(errors)) problems.push("not GraphQL JSON with errors");
  const codes: unknown[] = Array.isArray(errors) ? errors.map((error) => error?.extensions?.code) : [];
  if (codes.some((code) => typeof code !== "string")) problems.push("an error without extensions.code");
  if (codes.includes("INTERNAL_SERVER_ERROR")) problems.push("INTERNAL_SERVER_ERROR");
  const required = wanted.code === undefined ? undefined : [wanted.code].flat();
  if (required && (codes.length === 0 || codes.some((code) => !required.includes(code as string)))) {
    problems.push(`codes [${codes.join(", ")}], expected ${required.join(" or ")}`);
  }
  if (wanted.onlyCodes && codes.some((code) => !wanted.onlyCodes!.includes(code as string))) problems.push(`codes [${codes.join(", ")}], allowed ${wanted.onlyCodes.join(", ")}`);
  if (wanted.maxErrors !== undefined && codes.length > wanted.maxErrors) problems.push(`${codes.length} errors, at most ${wanted.maxErrors} allowed`);
  if (production && reply.headers["x-sql-statements"] !== undefined) problems.push("x-sql-statements header in production");
  if (production && reply.headers["x-read-path"] !== undefined) problems.push("x-read-path header in production");
  if (Object.keys(Object.prototype).length > 0 || POLLUTION_MARKER in {}) problems.push("Object.prototype polluted");
  if (problems.length === 0 && wanted.check) {
    try {
      const failed = wanted.check(reply);
      if (failed) problems.push(failed);
    } catch (err) {
      problems.push(`check failed: ${(err as Error).message}`);
    }
  }
  return problems;
}

const excerpt = (value: string | Buffer | undefined, length: number) =>
  value === undefined ? "" : JSON.stringify((Buffer.isBuffer(value) ? value.toString("latin1") : value).slice(0, length));

function failure(category: string, hostile: HostileCase, outcome: string): string {
  const headers = Object.entries(hostile.headers ?? {}).map(([name, value]) => `${name}: ${excerpt(value, 40)}`).join("; ");
  const target = hostile.search === undefined ? "" : ` ?${hostile.search.slice(0, 120)}`;
  return `[${category}] ${hostile.label} — ${hostile.method ?? (hostile.search === undefined ? "POST" : "GET")}${target} {${headers}} body ${excerpt(hostile.body, 160)} → ${outcome}`;
}

interface CategoryStats { count: number; maxMs: number; times: number[]; statuses: Map<number, number> }

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** p50 / p99 / max ms per category: the slowest answer after one re-measure of any answer over the bound */
function printSummary(title: string, stats: Map<string, CategoryStats>, seconds: number): void {
  const ms = (value: number) => value.toFixed(1).padStart(7);
  const rows = [...stats].map(([name, s]) => {
    const sorted = [...s.times].sort((a, b) => a - b);
    return `${name.padEnd(20)} ${String(s.count).padStart(5)} ${ms(percentile(sorted, 50))} ${ms(percentile(sorted, 99))} ${ms(s.maxMs)}  ${[...s.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(" ")}`;
  });
  const total = [...stats.values()].reduce((sum, s) => sum + s.count, 0);
  process.stdout.write(`\n${title}: ${total} hostile requests in ${seconds.toFixed(1)} s\n${"category".padEnd(20)} count     p50     p99     max  statuses\n${rows.join("\n")}\n`);
}

// the suite sends ~1,500 requests a minute as one principal, and over 60 bad tokens from one address;
// both rate limits have their own specs (traffic, safe-defaults)
const NO_RATE_LIMIT = { RATE_LIMIT_PER_MINUTE: "0", AUTH_FAILURE_LIMIT_PER_MINUTE: "0" };
const PRODUCTION = { NODE_ENV: "production", JWT_SECRET: "x".repeat(40), PII_ENCRYPTION_KEY: "y".repeat(40) };
// input-nesting last: a stack overflow there must not hide what the other categories found
const CATEGORIES = [...TRANSPORT_CATEGORIES, ...HOSTILE_CATEGORIES.filter((c) => c.name !== "input-nesting"), ...HOSTILE_CATEGORIES.filter((c) => c.name === "input-nesting")];

describe.each([
  { mode: "test mode", env: NO_RATE_LIMIT, production: false },
  { mode: "production mode", env: { ...NO_RATE_LIMIT, ...PRODUCTION }, production: true },
])("hostile input, $mode", ({ mode, env, production }) => {
  let app: TestApp;
  let admin: string;
  let ctx: HostileContext;
  let started: number;
  const stats = new Map<string, CategoryStats>();
  const slowFirst: string[] = [];
  const customerCount = async () => (await app.gql("{ customers(first: 1) { totalCount } }", { token: admin })).body.data?.customers.totalCount as number;

  beforeAll(async () => {
    started = performance.now();
    app = await startTestApp({ customers: 20, env });
    admin = await app.token(Role.ADMIN);
    const list = await app.gql("{ customers(first: 5) { edges { node { id } } } }", { token: admin });
    const customerId = list.body.data!.customers.edges[0].node.id as string;
    ctx = {
      production,
      maxCost: app.config.limits.maxCost,
      customerId,
      jwt: { secret: app.config.jwtSecret, issuer: app.config.jwtIssuer, audience: app.config.jwtAudience },
      staff: { admin: staffIdFor("admin"), agent: staffIdFor(DEFAULT_USERNAME_BY_ROLE[Role.AGENT]), inactive: staffIdFor("former.agent") },
    };
    // warm-up: ordinary traffic first, so that lazy initialization is not measured
    for (let round = 0; round < 3; round++) {
      await app.gql(ME, { token: admin });
      await app.gql("query One($id: ID!) { customer(id: $id) { id customerNumber household { kind } } }", { token: admin, variables: { id: customerId } });
      await app.gql("{ customers(first: 20) { totalCount edges { node { id city } } } products { code } }", { token: admin });
      await send(new URL(app.server.url), post("warm-up", op(ME), OK), admin);
    }
  });
  afterAll(async () => {
    printSummary(`hostile input, ${mode}`, stats, (performance.now() - started) / 1000);
    if (slowFirst.length > 0) process.stdout.write(`slow on the first attempt:\n  ${slowFirst.join("\n  ")}\n`);
    await app?.close();
  });

  it("runs with the contract's document limits", () => {
    expect(app.config.limits).toMatchObject({ maxDepth: 10, maxAliases: 15, maxDirectives: 10, maxTokens: 2000, maxValidationErrors: 10 });
  });

  it.each(CATEGORIES.map((category) => [category.name, category] as const))("%s", async (name, category) => {
    const url = new URL(app.server.url);
    const customersBefore = await customerCount();
    const failures: string[] = [];
    const entry: CategoryStats = { count: 0, maxMs: 0, times: [], statuses: new Map() };
    stats.set(name, entry);
    for (const hostile of category.generate(ctx, seededRandom(name))) {
      let reply: HostileReply;
      try {
        reply = await send(url, hostile, admin);
      } catch (err) {
        failures.push(failure(name, hostile, `no HTTP answer: ${(err as Error).message}`));
        continue;
      }
      if (reply.ms >= MAX_MS) {
        // one re-measure tells a slow input (slow again) from a pause of the machine (GC, other processes)
        const again = await send(url, hostile, admin).catch(() => undefined);
        if (again) {
          slowFirst.push(`[${name}] ${hostile.label}: ${reply.ms.toFixed(0)} ms, then ${again.ms.toFixed(0)} ms`);
          reply = { ...reply, ms: Math.min(reply.ms, again.ms) };
        }
      }
      entry.count++;
      entry.maxMs = Math.max(entry.maxMs, reply.ms);
      entry.times.push(reply.ms);
      entry.statuses.set(reply.status, (entry.statuses.get(reply.status) ?? 0) + 1);
      const problems = problemsOf(hostile, reply, production);
      if (problems.length > 0) failures.push(failure(name, hostile, `${reply.status} in ${reply.ms.toFixed(0)} ms: ${problems.join("; ")} | ${reply.text.slice(0, 240)}`));
    }
    expect(failures).toEqual([]);
    expect(await customerCount()).toBe(customersBefore); // no hostile request wrote a customer
  });

  it("sent at least 1,000 generated requests, well within the time budget", () => {
    const total = [...stats.values()].reduce((sum, s) => sum + s.count, 0);
    expect(total).toBeGreaterThanOrEqual(1000);
    // a loose bound on the whole run (it takes ~20 s alone; 31–32 s seen on the shared 2-core machine
    // with other suites running): a hang or a retry storm takes minutes, not seconds
    expect(performance.now() - started).toBeLessThan(90_000);
  });
});
