import { getIntrospectionQuery, Lexer, Source, TokenKind } from "graphql";

/** Hostile GraphQL request bodies: deterministic variants from a seeded PRNG, each with the outcome the contract fixes. */

export interface HostileReply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any; ms: number }
/** `code`: at least one error, each with one of these codes; `onlyCodes`: errors optional, each with one of these. */
export interface Expectation { status: number[]; code?: string | string[]; onlyCodes?: string[]; maxErrors?: number; check?: (reply: HostileReply) => string | undefined }
/** `headers` merge over the defaults (ADMIN bearer token; JSON content type on POST), `undefined` removes one; `chunked` sends 8 KiB pieces. */
export interface HostileCase { label: string; method?: string; search?: string; headers?: Record<string, string | undefined>; body?: string | Buffer; chunked?: boolean; expect: Expectation }
export interface HostileContext {
  production: boolean;
  maxCost: number;
  /** A seeded customer; ADMIN sees every customer. */
  customerId: string;
  jwt: { secret: string; issuer: string; audience: string };
  staff: { admin: string; agent: string; inactive: string };
}
export interface HostileCategory { name: string; generate(ctx: HostileContext, r: Random): HostileCase[] }
export interface Random { next(): number; int(lo: number, hi: number): number; pick<T>(items: readonly T[]): T; word(length: number): string }

/** mulberry32, seeded per category (FNV-1a of its name): the same variants on every run, independent of the other categories. */
export function seededRandom(name: string): Random {
  let state = 360;
  for (const ch of name) state = Math.imul(state ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]) => items[int(0, items.length - 1)];
  return { next, int, pick, word: (length) => Array.from({ length }, () => String.fromCharCode(int(97, 122))).join("") };
}

/** Tokens as graphql-js counts them for `maxTokens` (all but <EOF>). */
export function countTokens(document: string): number {
  const lexer = new Lexer(new Source(document));
  let tokens = 0;
  while (lexer.advance().kind !== TokenKind.EOF) tokens++;
  return tokens;
}

export const MAX_TOKENS = 2000;
export const BODY_LIMIT = 64 * 1024;
export const POLLUTION_MARKER = "c360Polluted";

export const PARSE: Expectation = { status: [400], code: "GRAPHQL_PARSE_FAILED" };
export const INVALID: Expectation = { status: [400], code: "GRAPHQL_VALIDATION_FAILED" };
export const BAD_REQUEST: Expectation = { status: [400], code: "BAD_REQUEST" };
const BAD_INPUT_400: Expectation = { status: [400], code: "BAD_USER_INPUT" };
const BAD_INPUT: Expectation = { status: [200, 400], code: "BAD_USER_INPUT" };
const hasData = (reply: HostileReply) =>
  reply.json?.errors ? `unexpected errors ${JSON.stringify(reply.json.errors).slice(0, 300)}` : reply.json?.data ? undefined : "no data";
export const OK: Expectation = { status: [200], check: hasData };
export const okAnd = (check: (reply: HostileReply) => string | undefined): Expectation => ({ status: [200], check: (res) => hasData(res) ?? check(res) });
const byTokens = (document: string, within: Expectation = OK) => (countTokens(document) > MAX_TOKENS ? PARSE : within);

export const op = (query: unknown, variables?: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ query, ...(variables === undefined ? {} : { variables }), ...extra });
export const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
export const repeat = (n: number, item: (i: number) => string, sep = " ") => times(n, item).join(sep);
export const post = (label: string, body: string | Buffer, expect: Expectation, headers?: HostileCase["headers"]): HostileCase => ({ label, body, expect, headers });
export const bytes = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));
export const uuid = (r: Random) => {
  const h = times(32, () => r.int(0, 15).toString(16)).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};

export const ME = "{ me { role purpose } }";
export const FIND = "query Find($filter: CustomerFilter, $first: Int, $after: String) { customers(filter: $filter, first: $first, after: $after) { totalCount } }";
export const CREATE = `mutation { createCustomer(input: { kind: INDIVIDUAL, fullName: "Hostile Probe" }) { id } }`;
const ORDINARY = [ME, "query Book($first: Int) { customers(first: $first) { totalCount edges { node { id customerNumber city } } } }",
  "query Catalogue { products { code name line } }", "query One($id: ID!) { customer(id: $id) { id customerNumber serviceTier } }"];
const PREVIEW = "query Preview($rule: SegmentRuleInput!) { previewSegment(rule: $rule) { count } }";

/** customer → household → member → … → leaf: exactly `levels` nested fields. */
function deepDocument(levels: number, style: number, id: string): string {
  let inner = (levels - 1) % 2 === 1 ? "id" : "kind";
  for (let level = levels - 1; level >= 2; level--) inner = `${level % 2 === 0 ? "household" : "member"} { ${inner} }`;
  if (style === 1) return `{ customer(id: "${id}") { ...Deep } } fragment Deep on Customer { ${inner} }`;
  if (style === 2) return `{ customer(id: "${id}") { ... on Customer { ${inner} } } }`;
  if (style === 3) return `{ node(id: "${id}") { ... on Customer { ${inner} } } }`;
  return `{ customer(id: "${id}") { ${inner} } }`;
}

export const HOSTILE_CATEGORIES: HostileCategory[] = [
  { name: "malformed-json", generate: (ctx, r) => times(80, (i) => {
    const valid = op(r.pick(ORDINARY), { first: 5, id: ctx.customerId });
    const at = r.int(10, valid.length - 2);
    const control = String.fromCharCode(r.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 27, 31])); // \t \n \r are legal JSON whitespace
    const variants = [
      () => valid.slice(0, r.int(1, valid.length - 1)),
      () => valid + r.pick(["}", "x", ",", "]", "{}", "\u0000", "'"]),
      () => r.pick(["x", ")", "'", "<", "\u0001"]) + valid,
      () => valid.replace(/"/g, "'"),
      () => valid.slice(0, at) + control + valid.slice(at),
      () => r.pick(["{", "["]).repeat(r.int(1, 20000)),
      () => r.pick([`{"query":"{ me { role } }",}`, `{"query": NaN}`, `{/*c*/"query":"{ me { role } }"}`, `{query:"{ me { role } }"}`, `{"query":"\\x41"}`,
        `{"query":"\\u12"}`, `{"query":undefined}`, `{"query":"{ me { role } }"}}`, `{"query":"{ me { role } }","variables":{"first":01}}`]),
      () => r.pick(["null", "true", "42", '"query"', "", "   ", "-", "{}", "[]"]),
    ];
    return post(`variant ${i % 8}`, variants[i % 8](), BAD_REQUEST);
  }) },
  { name: "batched", generate: (ctx, r) => times(30, (i) => {
    const items = times(r.int(0, 60), () => op(r.pick(ORDINARY), { first: 3, id: ctx.customerId }));
    const body = i % 5 === 4 ? r.pick(["[[]]", "[1]", "[null]", '["{ me { role } }"]', `[${op(CREATE)}]`]) : `[${items.join(",")}]`;
    return post(`array ${body.slice(0, 30)}`, body, BAD_REQUEST);
  }) },
  { name: "page-size", generate: (ctx, r) => times(50, (i) => {
    const negative = i % 3 === 0;
    const first = i % 5 === 0 ? 101 : negative ? r.int(-2147483648, 0) : r.int(101, 1000);
    const list = r.pick(["customers", "segments", "auditLog", "offers", "policies", "claims", "interactions", "complaints", "riskHistory", "accessHistory"]);
    const field = (arg: string) => (["customers", "segments", "auditLog", "offers"].includes(list)
      ? `${list}(first: ${arg}) { totalCount }` : `customer(id: "${ctx.customerId}") { ${list}(first: ${arg}) { totalCount } }`);
    const expect: Expectation = negative ? { status: [200, 400], code: ["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"] } : BAD_INPUT;
    return i % 2 ? post(`${list}(first: ${first})`, op(`{ ${field(String(first))} }`), expect)
      : post(`${list}(first: $n), n = ${first}`, op(`query Page($n: Int) { ${field("$n")} }`, { n: first }), expect);
  }) },
  { name: "operation-names", generate: (_ctx, r) => times(40, (i) => {
    if (i % 4 === 1) return post("two operations, no name", op("query A { me { role } } query B { __typename }", undefined, r.next() < 0.5 ? {} : { operationName: null }), { status: [400] });
    if (i % 4 === 2) return post("operationName of the wrong type", op(ME, undefined, { operationName: r.pick([42, true, {}, [], ["Renewal"]]) }), BAD_REQUEST);
    const name = r.pick([r.word(r.int(1, 12)), "a".repeat(r.int(100, 5000)), "续保", "__proto__", "constructor", "toString", "", "renewal", "Renewal "]);
    return post(`operationName ${JSON.stringify(name.slice(0, 20))}`, op("query Renewal { me { role } }", undefined, { operationName: name }), { status: [400] });
  }) },
  { name: "null-bytes", generate: (ctx, r) => times(50, (i) => {
    const doc = r.pick(ORDINARY);
    const at = r.int(0, doc.length);
    const text = `${r.word(r.int(1, 5))}\u0000${r.word(r.int(0, 5))}`;
    const clientError = { status: [200, 400], onlyCodes: ["BAD_USER_INPUT", "NOT_FOUND", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"] }; // any client error
    const variables = [{ filter: { search: text } }, { filter: { region: text } }, { filter: { nationalId: text } }, { after: text }, { filter: { search: "\u0000\u0000" } }];
    return [
      () => post("NUL in the document", op(doc.slice(0, at) + "\u0000" + doc.slice(at), { id: ctx.customerId }), { status: [400], code: ["GRAPHQL_PARSE_FAILED", "BAD_REQUEST"] }),
      () => post("raw NUL byte in the JSON", bytes(`{"query":"{ me { ro`, Buffer.from([0]), `le } }"}`), BAD_REQUEST),
      () => post(`NUL in variables ${JSON.stringify(variables[i % 5])}`, op(FIND, variables[i % 5]), clientError),
      () => post("NUL escaped in a GraphQL string", op(`{ customers(filter: { search: "ab\\u0000${r.word(3)}" }) { totalCount } }`), clientError),
      () => post("NUL in an id", op("query One($id: ID!) { customer(id: $id) { id } }", { id: `${ctx.customerId}\u0000` }), clientError),
      () => post("NUL in operationName", op("query Renewal { me { role } }", undefined, { operationName: "Renewal\u0000" }), { status: [400] }),
    ][i % 6]();
  }) },
  { name: "duplicate-keys", generate: (_ctx, r) => times(40, (i) => {
    const first = r.int(-5, 150);
    const paged = JSON.stringify("query P($first: Int) { customers(first: $first) { totalCount } }");
    return [
      () => post("query twice, last valid", `{"query":${JSON.stringify("{ me { role ")},"query":${JSON.stringify(ME)}}`, OK),
      () => post("query twice, last broken", `{"query":${JSON.stringify(ME)},"query":${JSON.stringify("{ me { role ")}}`, PARSE),
      () => post(`variables.first twice, last ${first}`, `{"query":${paged},"variables":{"first":5,"first":${first}}}`, first >= 1 && first <= 100 ? OK : BAD_INPUT),
      () => post("operationName twice, last unknown", `{"query":"query Renewal { me { role } }","operationName":"Renewal","operationName":"Nope"}`, { status: [400] }),
      () => post("operationName twice, last known", `{"query":"query Renewal { me { role } }","operationName":"Nope","operationName":"Renewal"}`, OK),
      () => post("duplicates inside the document", op(r.pick(["{ customers(filter: { kind: INDIVIDUAL, kind: ENTERPRISE }) { totalCount } }",
        "{ customers(first: 1, first: 2) { totalCount } }", "query Q($a: Int, $a: Int) { customers(first: $a) { totalCount } }",
        "query Q { me { role } } query Q { __typename }", "{ ...F } fragment F on Query { __typename } fragment F on Query { me { role } }"])), INVALID),
    ][i % 6]();
  }) },
  { name: "prototype-pollution", generate: (ctx, r) => times(60, (i) => {
    const payload = JSON.stringify({ [POLLUTION_MARKER]: r.word(4), toString: "x", valueOf: 1, polluted: { [POLLUTION_MARKER]: true } });
    const name = r.pick(["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf", "isPrototypeOf"]);
    const ctor = `{"constructor":{"prototype":${payload}}}`;
    const typename = okAnd((res) => (res.json.data.__typename === "Query" ? undefined : "fragment not applied"));
    return [
      () => post("__proto__ at the top of the body", `{"__proto__":${payload},"query":${JSON.stringify(ME)}}`, OK),
      () => post("constructor.prototype at the top of the body", `{"constructor":{"prototype":${payload}},"query":${JSON.stringify(ME)}}`, OK),
      () => post("__proto__ among the variables", `{"query":${JSON.stringify(FIND)},"variables":{"__proto__":${payload},"first":3}}`, OK),
      () => post("constructor among the variables", `{"query":${JSON.stringify(FIND)},"variables":{"constructor":{"prototype":${payload}},"first":3}}`, OK),
      () => post("__proto__ inside an input object", `{"query":${JSON.stringify(FIND)},"variables":{"filter":{"kind":"INDIVIDUAL","__proto__":${payload}}}}`, BAD_INPUT_400),
      () => post("constructor inside an input object", `{"query":${JSON.stringify(FIND)},"variables":{"filter":${ctor}}}`, BAD_INPUT_400),
      () => post("__proto__ in a JSON scalar", `{"query":${JSON.stringify(PREVIEW)},"variables":{"rule":{"condition":{"field":"CITY","op":"EQ","value":{"__proto__":${payload}}}}}}`, BAD_INPUT),
      () => post("__proto__ as a rule key", `{"query":${JSON.stringify(PREVIEW)},"variables":{"rule":{"__proto__":{"not":${payload}}}}}`, BAD_INPUT_400),
      () => post("__proto__ in extensions", `{"query":${JSON.stringify(ME)},"extensions":{"__proto__":${payload}}}`, OK),
      () => post(`fragment named ${name}`, op(`{ ...${name} } fragment ${name} on Query { __typename }`), typename),
      () => post("aliases __proto__ and constructor", op("{ __proto__: __typename constructor: __typename }"),
        okAnd((res) => (res.text.includes('"__proto__":"Query"') ? undefined : "alias __proto__ lost"))),
      () => post(`variable named $${name}`, `{"query":${JSON.stringify(`query Q($${name}: Int) { customers(first: $${name}) { totalCount } }`)},"variables":{"${name}":3}}`, OK),
      () => post("__proto__ as an input field literal", op("{ customers(filter: { __proto__: { kind: INDIVIDUAL } }) { totalCount } }"), INVALID),
      () => post(`operation named ${name}`, op(`query ${name} { me { role } }`, undefined, { operationName: name }), OK),
      () => post(`unknown operationName ${name}`, op("query Renewal { me { role } }", undefined, { operationName: name }), { status: [400] }),
    ][i % 15]();
  }) },
  { name: "depth", generate: (ctx, r) => [
    ...[2, 6, 10].map((levels) => post(`depth ${levels} (allowed)`, op(deepDocument(levels, 0, ctx.customerId)), OK)),
    ...times(57, (i) => {
      const levels = r.int(11, 80);
      return post(`depth ${levels}, style ${i % 4}`, op(deepDocument(levels, i % 4, uuid(r))), INVALID);
    }),
  ] },
  { name: "aliases", generate: (ctx, r) => [
    post("15 __typename aliases (allowed)", op(`{ ${repeat(15, (k) => `t${k}: __typename`)} }`), OK),
    ...times(59, (i) => {
      const n = r.int(16, [600, 600, 600, 400, 150][i % 5]);
      const doc = [
        () => `{ ${repeat(n, (k) => `t${k}: __typename`)} }`,
        () => `{ me { ${repeat(n, (k) => `r${k}: role`)} } }`,
        () => `{ ...A me { ${repeat(n - (n >> 1), (k) => `r${k}: role`)} } } fragment A on Query { ${repeat(n >> 1, (k) => `t${k}: __typename`)} }`,
        () => `{ ${repeat(Math.ceil(n / 2), (k) => `m${k}: me { r: role }`)} }`,
        () => `{ ${repeat(n, (k) => `c${k}: customer(id: "${ctx.customerId}") { id }`)} }`,
      ][i % 5]();
      return post(`${n} aliases, form ${i % 5}`, op(doc), byTokens(doc, INVALID));
    }),
  ] },
  { name: "directives", generate: (_ctx, r) => [
    post("10 directives (allowed)", op(`{ ${repeat(10, () => "... @include(if: true) { __typename }")} }`), OK),
    ...times(49, (i) => {
      const n = r.int(11, 160);
      const doc = [
        () => `{ ${repeat(n, () => `... @${r.pick(["include(if: true)", "skip(if: false)"])} { __typename }`)} }`,
        () => `{ me { ${repeat(n, () => "role @include(if: true)")} } }`,
        () => `query D($t: Boolean!) { ${repeat(n, () => "... @include(if: $t) { __typename }")} }`,
        () => `{ ${repeat(n, () => "...F @skip(if: false)")} } fragment F on Query { __typename }`,
        () => `{ me @include(if: true) ${"@skip(if: false) ".repeat(n - 1)}{ role } }`,
      ][i % 5]();
      return post(`${n} directives, form ${i % 5}`, op(doc, { t: true }), byTokens(doc, INVALID));
    }),
  ] },
  { name: "fragment-cycles", generate: (ctx, r) => times(40, (i) => {
    const length = r.int(1, 20);
    const onCustomer = i % 2 === 1;
    const selection = (k: number) => {
      const next = `...F${(k + 1) % length}`;
      return onCustomer ? (i % 4 === 1 ? `household { member { ${next} } }` : `id ${next}`) : `__typename ${next}`;
    };
    const fragments = repeat(length, (k) => `fragment F${k} on ${onCustomer ? "Customer" : "Query"} { ${selection(k)} }`);
    const main = i % 5 === 4 ? "{ __typename }" : onCustomer ? `{ customer(id: "${ctx.customerId}") { ...F0 } }` : "{ ...F0 }";
    return post(`cycle of ${length}${i % 5 === 4 ? ", unused" : ""}`, op(`${main} ${fragments}`), INVALID);
  }) },
  { name: "fragment-fanout", generate: (_ctx, r) => times(30, (i) => {
    const fanout = r.int(2, 4);
    const levels = Math.floor(20 / Math.log2(fanout)) - r.int(0, 6); // at most 2^20 expanded spreads
    const leaf = i % 3 === 0 ? "__typename me { role }" : "a: __typename";
    const doc = `{ ...F0 } ${repeat(levels, (k) => `fragment F${k} on Query { ${repeat(fanout, () => `...F${k + 1}`)} }`)} fragment F${levels} on Query { ${leaf} }`;
    return post(`${fanout}^${levels} spreads`, op(doc), { status: [200, 400], onlyCodes: ["GRAPHQL_VALIDATION_FAILED"] });
  }) },
  { name: "introspection", generate: (ctx, r) => {
    const ofType = (n: number) => times(n, () => 0).reduce((inner) => `kind ofType { ${inner} }`, "name");
    const allowed = ctx.production ? INVALID : OK;
    const outcome = (doc: string) => byTokens(doc, ctx.production ? INVALID : { status: [200, 400], onlyCodes: ["GRAPHQL_VALIDATION_FAILED"] });
    return [
      post("standard introspection query", op(getIntrospectionQuery()), allowed),
      post("standard introspection, every option", op(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true,
        schemaDescription: true, inputValueDeprecation: true })), allowed),
      ...times(38, (i) => {
        const n = r.int(3, 60);
        const doc = [
          () => `{ __schema { types { fields { type { ${ofType(n)} } } } } }`,
          () => `{ __type(name: "Customer") { fields { args { type { ${ofType(n)} } } type { ${ofType(n)} } } } }`,
          () => `{ ${repeat(r.int(2, 15), (k) => `s${k}: __schema { types { name fields { name } } }`)} }`,
          () => `{ ...I } fragment I on Query { __schema { queryType { fields { type { ${ofType(n)} } } } } }`,
          () => `{ __schema { types { interfaces { possibleTypes { interfaces { possibleTypes { fields { type { ${ofType(n)} } } } } } } } } }`,
        ][i % 5]();
        return post(`introspection form ${i % 5}, ofType × ${n}`, op(doc), outcome(doc));
      }),
    ];
  } },
  { name: "cost", generate: (ctx, r) => times(40, (i) => {
    // lower bounds when a connection multiplies its selection by `first`: k aliases × a × b, or a × b × c
    const a = r.int(40, 100);
    const b = r.int(40, 100);
    const k = Math.ceil((ctx.maxCost + 1) / (a * b));
    const c = Math.ceil((ctx.maxCost + 1) / (a * b));
    const fan = r.int(4, 16);
    if (k > 15 || c > 100) throw new Error(`cost bomb ${a}×${b} cannot exceed MAX_COST ${ctx.maxCost}`);
    const inner = (arg: string) => `${r.pick(["policies", "claims", "interactions", "complaints", "riskHistory"])}(first: ${arg}) { totalCount edges { node { id } } }`;
    const threeLevels = `segments(first: ${a}) { edges { node { members(first: ${b}) { edges { node { policies(first: ${c}) { totalCount } } } } } } }`;
    const pages = (first: string, inside: string) => repeat(k, (j) => `c${j}: customers(first: ${first}) { edges { node { id ${inside} } } }`);
    const [doc, variables] = [
      () => [`{ ${pages(String(a), inner(String(b)))} }`],
      () => [`query Cost($a: Int, $b: Int) { ${pages("$a", inner("$b"))} }`, { a, b }],
      () => [`query Cost($a: Int = ${a}, $b: Int = ${b}) { ${pages("$a", inner("$b"))} }`],
      () => [`{ ${pages(String(a), `household { member { ${inner(String(b))} } }`)} }`],
      () => [`{ ${threeLevels} }`],
      () => [`{ ${repeat(k, (j) => `c${j}: customers(first: ${a}) { ...Page }`)} } fragment Page on CustomerConnection { edges { node { id ${inner(String(b))} } } }`],
      // the same pages behind 2^n spreads of one fragment (execution merges them; the cost is unchanged)
      () => [`{ ...S0 } ${repeat(fan, (j) => `fragment S${j} on Query { ...S${j + 1} ...S${j + 1} }`)} fragment S${fan} on Query { ${threeLevels} }`],
    ][i % 7]() as [string, object?];
    return post(`cost > ${i % 7 === 4 || i % 7 === 6 ? `${a}×${b}×${c}` : `${k}×${a}×${b}`}, form ${i % 7}${i % 7 === 6 ? `, 2^${fan} spreads` : ""}`, op(doc, variables), INVALID);
  }) },
  { name: "tokens", generate: (_ctx, r) => [
    ...[MAX_TOKENS, MAX_TOKENS + 1].map((tokens) => {
      const doc = `{ ${tokens % 2 ? "" : "__typename "}${"...F ".repeat((tokens - 9) >> 1)}} fragment F on Query { __typename }`; // 2n + 9 or 2n + 10 tokens
      if (countTokens(doc) !== tokens) throw new Error(`boundary document has ${countTokens(doc)} tokens, not ${tokens}`);
      return post(`${tokens} tokens${tokens > MAX_TOKENS ? "" : " (allowed)"}`, op(doc), tokens > MAX_TOKENS ? PARSE : OK);
    }),
    ...times(38, (i) => {
      const n = r.int(MAX_TOKENS + 1, 5000);
      const doc = [
        () => `{ me { ${"role ".repeat(n)}} }`,
        () => `{ ${"__typename ".repeat(n)}}`,
        () => `{ previewSegment(rule: { condition: { field: AGE, op: IN, value: [${repeat(n, (k) => String(k % 100), ", ")}] } }) { count } }`,
        () => `query Q(${repeat(Math.ceil(n / 4), (k) => `$v${k}: Int`)}) { __typename }`,
        () => `{ ${"a { ".repeat(n >> 1)}b${" }".repeat(n >> 1)} }`,
        () => `{ __typename } ${repeat(Math.ceil(n / 6), (k) => `fragment F${k} on Query { __typename }`)}`,
        () => "{ ".repeat(r.int(MAX_TOKENS + 1, 30000)),
      ][i % 7]();
      if (countTokens(doc) <= MAX_TOKENS || op(doc).length > BODY_LIMIT) throw new Error(`token bomb form ${i % 7} is not one`);
      return post(`${countTokens(doc)} tokens, form ${i % 7}`, op(doc), PARSE);
    }),
  ] },
  { name: "syntax", generate: (_ctx, r) => times(80, (i) => {
    const doc = r.pick(ORDINARY); // no string literals or comments, so every edit below breaks it
    const at = r.int(0, doc.length);
    const closers = [...doc].flatMap((c, k) => (c === "}" ? [k] : []));
    const cut = r.pick(closers);
    const text = [
      () => doc.slice(0, r.int(1, doc.length - 1)),
      () => doc.slice(0, at) + r.pick([..."%*;<>?\\~^`'"]) + doc.slice(at),
      () => doc.slice(0, cut) + doc.slice(cut + 1),
      () => doc + " }".repeat(r.int(1, 5)),
      () => r.pick([`{ customers(filter: { search: "abc) { totalCount } }`, `{ customers(filter: { search: "\\x41" }) { totalCount } }`,
        `{ customers(filter: { search: "\\u00ZZ" }) { totalCount } }`, `{ customers(filter: { search: """abc }) { totalCount } }`, "{ customers(first: 0x1F) { totalCount } }",
        "{ customers(first: 1e) { totalCount } }", "{ customers(first: 00) { totalCount } }", "{ customers(first: -) { totalCount } }", "fragment on on Query { id }",
        "query ($a: ) { me { role } }", "{ }", "{ me { } }", "# only a comment", "   ", "query", "mutation", "subscription { }", "{ me(role: ) { role } }",
        "{ me { role ( } }", "{ 1 }", `{ "x" }`, "{ $var }", "{ me @ { role } }", "{ me { role } } extra", "{ ...on }", "query Q($a: Int = $b) { __typename }", "{ a: }"]),
      () => `%${times(r.int(1, 200), () => String.fromCharCode(r.int(32, 126))).join("")}`,
    ][i % 6]();
    return post(`syntax ${JSON.stringify(text.slice(0, 40))}`, op(text), PARSE);
  }) },
  { name: "validation-errors", generate: (ctx, r) => times(20, (i) => {
    const n = r.int(100, 400);
    const doc = [
      () => `{ me { ${repeat(n, (k) => `x${k}${r.word(3)}`)} rol purpos } }`,
      () => `{ ${repeat(n, (k) => `x${k}`)} custmer(id: "1") { id } }`,
      () => `{ me(${repeat(n, (k) => `a${k}: 1`, ", ")}) { role } }`,
      () => `{ ${repeat(n, (k) => `...F${k}`)} }`,
      () => `{ ${repeat(Math.min(n, 250), (k) => `... on T${k} { __typename }`)} }`,
      () => `{ me ${repeat(n, (k) => `@d${k}`)} { role } }`,
    ][i % 6]();
    const noSuggestions = (res: HostileReply) => (ctx.production && res.text.includes("Did you mean") ? "field suggestions in production" : undefined);
    return post(`${n} invalid selections, form ${i % 6}`, op(doc), byTokens(doc, { ...INVALID, maxErrors: 11, check: noSuggestions }));
  }) },
  { name: "invalid-scalars", generate: (ctx, r) => times(100, (i) => {
    const badId = r.pick([r.word(r.int(1, 40)), `${uuid(r)}x`, uuid(r).replace(/-/g, ""), `{${uuid(r)}}`, "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "客户-1", "",
      "00000000-0000-0000-0000-000000000000", "' OR '1'='1", "-1", r.word(1000)]);
    const badDate = r.pick(["yesterday", "2026-13-01T00:00:00Z", "2026-01-01T25:00:00Z", "2026-01-01T10:61:00Z", "", "T", "2026-01-32T00:00:00Z", r.word(12), "2026-1-1"]);
    const notFound: Expectation = { status: [200, 400], onlyCodes: ["NOT_FOUND", "BAD_USER_INPUT"] };
    const metrics = (from: string) => `serviceMetrics(from: ${from}, to: "2026-06-01T00:00:00Z") { overall { satisfactionIndex } }`;
    const one = "query One($id: ID!) { customer(id: $id) { id } }";
    return [
      () => post(`id literal ${JSON.stringify(badId.slice(0, 20))}`, op(`{ ${r.pick(["customer", "claim", "policy", "node", "segment"])}(id: ${JSON.stringify(badId)}) { id } }`), notFound),
      () => post("id variable", op(one, { id: r.pick([badId, 12345, 1e300, -1]) }), notFound),
      () => post("id of the wrong kind", op(one, { id: r.pick([true, 1.5, [], {}, null]) }), BAD_INPUT_400),
      () => post(`DateTime literal ${JSON.stringify(badDate)}`, op(`{ ${metrics(JSON.stringify(badDate))} }`), INVALID),
      () => post("DateTime variable", op(`query M($from: DateTimeISO!) { ${metrics("$from")} }`, { from: r.pick([badDate, 12.5, true, {}]) }), BAD_INPUT_400),
      () => post("period longer than 5 years", op(`{ ${metrics('"1900-01-01T00:00:00Z"')} }`), BAD_INPUT),
      () => post("Int literal out of range", op(`{ customers(first: ${r.pick(["2147483648", "-2147483649", "99999999999999999999", "1e400", "1.5"])}) { totalCount } }`), INVALID),
      () => post("Int variable out of range", op(FIND, { first: r.pick([2147483648, -2147483649, 1e30, 1.5, "10", true, [1], {}]) }), BAD_INPUT_400),
      () => post("SafeInt, LocalDate or Int in an input", op("mutation C($input: NewCustomerInput!) { createCustomer(input: $input) { id } }", { input: { kind: "INDIVIDUAL",
        fullName: "Scalar Probe", ...r.pick([{ annualIncome: 2 ** 53 }, { annualIncome: 1e300 }, { annualIncome: "many" }, { dateOfBirth: "not-a-date" },
        { dateOfBirth: "1990-02-30" }, { dependents: 2 ** 31 }]) } }), BAD_INPUT),
      () => post("enum literal", op(r.pick(["{ customers(filter: { kind: PERSON }) { totalCount } }", '{ customers(filter: { kind: "INDIVIDUAL" }) { totalCount } }',
        "{ products(line: life) { code } }", '{ products(line: "LIFE") { code } }',
        `{ serviceMetrics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: WEEK) { overall { satisfactionIndex } } }`])), INVALID),
      () => post("enum variable", op("query L($line: ProductLine) { products(line: $line) { code } }", { line: r.pick(["life", "PERSON", 1, true, ["LIFE", 2], ""]) }), BAD_INPUT_400),
      () => post("variable of the wrong type", op(r.pick(["query One($id: Int!) { customer(id: $id) { id } }", "query F($f: Customer) { customers(filter: $f) { totalCount } }",
        "query F($f: Nope) { customers(filter: $f) { totalCount } }", "query P($first: String) { customers(first: $first) { totalCount } }",
        "query P($first: [Int]) { customers(first: $first) { totalCount } }"]), { id: 1 }), INVALID),
      () => post("required variable missing or null", op("query P($first: Int!) { customers(first: $first) { totalCount } }", r.pick([{}, { first: null }, undefined])), BAD_INPUT_400),
      () => post("input object of the wrong shape", op(FIND, { filter: r.pick(["INDIVIDUAL", [1], 5, { unknownField: 1 }, { kind: ["INDIVIDUAL"] }, { hasOpenClaim: "yes" }]) }), BAD_INPUT_400),
    ][i % 14]();
  }) },
  { name: "envelope", generate: (_ctx, r) => times(30, (i) => {
    const hash = times(64, () => r.int(0, 15).toString(16)).join("");
    const persisted: Expectation = { status: [200, 400, 404], code: ["PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED", "BAD_REQUEST"] };
    const shapes: [object, Expectation][] = [
      [{ query: 42 }, BAD_REQUEST], [{ query: true }, BAD_REQUEST], [{ query: {} }, BAD_REQUEST], [{ query: [] }, BAD_REQUEST], [{ query: null }, BAD_REQUEST],
      [{ variables: {} }, BAD_REQUEST], [{ query: "" }, BAD_REQUEST], [{ query: ME, variables: "{}" }, BAD_REQUEST], [{ query: ME, variables: 42 }, BAD_REQUEST],
      [{ query: ME, variables: [] }, BAD_REQUEST], [{ query: ME, variables: true }, BAD_REQUEST], [{ query: ME, extensions: "x" }, BAD_REQUEST],
      [{ query: ME, extensions: 42 }, BAD_REQUEST], [{ operationName: "Renewal" }, BAD_REQUEST],
      [{ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, persisted],
      [{ query: ME, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, persisted],
      [{ query: ME, extensions: { persistedQuery: { version: 2, sha256Hash: hash } } }, persisted],
    ];
    const [shape, expect] = shapes[i % shapes.length];
    return post(`body ${JSON.stringify(shape).slice(0, 60)}`, JSON.stringify(shape), expect);
  }) },
  { name: "input-nesting", generate: (_ctx, r) => times(20, (i) => {
    const condition = JSON.stringify({ condition: { field: "AGE", op: "GT", value: 30 } });
    const depth = r.int(7, 8000); // {"not": is 7 bytes: 8,000 levels still fit in 64 KiB
    const nested = r.int(100, 20000);
    const refused: Expectation = { status: [200, 400], code: ["BAD_USER_INPUT", "BAD_REQUEST"] }; // refusing deep JSON at the door is fine too
    return [
      () => post(`rule nested ${depth} deep`, `{"query":${JSON.stringify(PREVIEW)},"variables":{"rule":${'{"not":'.repeat(depth)}${condition}${"}".repeat(depth)}}}`, refused),
      () => post("rule with too many nodes", `{"query":${JSON.stringify(PREVIEW)},"variables":{"rule":{"all":[${repeat(r.int(41, 1000), () => condition, ",")}]}}}`, BAD_INPUT),
      () => post(`JSON value nested ${nested} deep`, `{"query":${JSON.stringify(PREVIEW)},"variables":{"rule":{"condition":{"field":"AGE","op":"GT","value":${"[".repeat(nested)}1${"]".repeat(nested)}}}}}`, refused),
      () => post(`unused variable nested ${nested} deep`, `{"query":${JSON.stringify(ME)},"variables":{"unused":${"[".repeat(nested)}${"]".repeat(nested)}}}`, { status: [200, 400], onlyCodes: ["BAD_REQUEST"] }),
      () => post("IN list too long", op(PREVIEW, { rule: { condition: { field: "AGE", op: "IN", value: times(r.int(101, 3000), (k) => k) } } }), BAD_INPUT),
    ][i % 5]();
  }) },
  { name: "wide", generate: (ctx, r) => times(40, (i) => {
    const n = r.int(100, 2400);
    const doc = [
      () => `{ me { ${"role ".repeat(n)}} }`,
      () => `{ ${"__typename ".repeat(n)}}`,
      () => `{ ${`customer(id: "${ctx.customerId}") { id } `.repeat(Math.ceil(n / 9))}}`,
      () => `{ me { ${"...on Me { role } ".repeat(Math.ceil(n / 6))}} }`,
      () => `{ ${"...F ".repeat(Math.ceil(n / 2))}} fragment F on Query { me { role } }`,
    ][i % 5]();
    // graphql-js gives up on merging very many duplicates itself ("Validation aborted.", 400): also a fine answer
    return post(`${countTokens(doc)} tokens of repeated selections, form ${i % 5}`, op(doc), byTokens(doc, { status: [200, 400], onlyCodes: ["GRAPHQL_VALIDATION_FAILED"] }));
  }) },
];
