import { getMetadataStorage } from "type-graphql";
import { getNamedType, isEnumType, isLeafType, isObjectType, type GraphQLSchema } from "graphql";
import { DataClass, FIELD_CLASSES, roleVerdict } from "../src/auth/field-policy";
import { isAuthenticated } from "../src/auth/shield-rules";
import { relationColumns, relationName, type Relation } from "../src/db/relations";
import { buildPermissionMap } from "../src/graphql/permissions";
import { buildServedSchema } from "../src/graphql/schema";
import { Customer } from "../src/modules/customer/customer.entity";
import { bigintToNumber } from "../src/shared/transformers";
import { moneyForm } from "../src/db/getter-columns";
import type { DataSource } from "typeorm";
import { DERIVED, RELATIONS } from "../src/modules";
import { derivedName, type DerivedValue } from "../src/db/derived-values";
import { AuditEntry } from "../src/modules/audit/audit-entry.entity";
import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { BothPaths } from "./support/both-paths";

/**
 * Equivalence generated from the relation declarations (src/modules/*\/*.relations.ts): for every
 * declared relation, every role and both roots (the customer list and `customer(id)`), a document
 * that reaches the relation from Customer and asks every field of its rows — once only the fields
 * the role may read (the compiled path must answer), once every field (the executor must answer
 * when any is consent-bound or denied) — each page relation with each filter at a value that
 * occurs in the data, and its second page through the cursor it handed out. Both servers answer
 * every document; bodies and access-audit rows must be identical, and each answer must come from
 * the path the policy table predicts (x-read-path), so no case can pass by falling back.
 */
const ROLES = [Role.ADMIN, Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.COMPLIANCE, Role.CUSTOMER];

type Rules = ReturnType<typeof buildPermissionMap>;

const typeOf = (relation: Relation): Function => relation.childType?.() ?? relation.child();
const readsTheAudit = (relation: Relation): boolean => relation.child() === AuditEntry;

/** The relations that lead from Customer to a declaration's parent type (shortest path). */
function pathTo(target: { on: () => Function; field: string }): Relation[] {
  const queue: [Function, Relation[]][] = [[Customer, []]];
  const seen = new Set<Function>([Customer]);
  while (queue.length) {
    const [type, path] = queue.shift()!;
    if (type === target.on()) return path;
    for (const relation of RELATIONS.filter((r) => r.on() === type)) {
      const next = typeOf(relation);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push([next, [...path, relation]]);
      }
    }
  }
  throw new Error(`${target.on().name}.${target.field} cannot be reached from Customer`);
}

/** What the shield and the policy table let a role do with a field: read it (compiled), or not (the executor decides). */
function readable(rules: Rules, role: Role, typeName: string, fieldName: string): boolean {
  const typeRules = rules[typeName];
  const rule = typeRules === isAuthenticated ? isAuthenticated : (typeRules as Record<string, unknown> | undefined)?.[fieldName];
  const dataClass = FIELD_CLASSES[typeName]?.[fieldName];
  if (dataClass === undefined) return rule === isAuthenticated;
  return dataClass === DataClass.PUBLIC || roleVerdict(role, typeName, fieldName, dataClass).kind === "read";
}

/** A relation field is compiled when it is open to every signed-in caller (a personal relation is the executor's). */
function relationCompiles(rules: Rules, relation: Relation): boolean {
  const typeName = relation.on().name;
  const dataClass = FIELD_CLASSES[typeName]?.[relation.field];
  return dataClass === undefined ? readable(rules, Role.ADMIN, typeName, relation.field) : dataClass === DataClass.PUBLIC;
}

/** The value fields of a relation's row type (columns and computed values, no relations or resolvers), as selections; `sealed`: stored encrypted (only the executor decrypts). */
function rowFields(schema: GraphQLSchema, db: DataSource, relation: Relation): { name: string; selection: string; sealed: boolean; text: boolean }[] {
  const metadata = db.getMetadata(relation.child());
  const objectClass = typeOf(relation);
  const storage = getMetadataStorage();
  const resolved = new Set(storage.fieldResolvers.filter((r) => r.kind === "external" && r.getObjectType?.() === objectClass).map((r) => r.schemaName));
  const type = schema.getType(objectClass.name);
  if (!isObjectType(type)) throw new Error(`${objectClass.name} is not an object type`);
  return storage.fields
    .filter((field) => field.target === objectClass && !resolved.has(field.schemaName))
    .flatMap((field) => {
      const named = getNamedType(type.getFields()[field.schemaName].type);
      const transformer = metadata.findColumnWithPropertyName(field.name)?.transformer;
      const sealed = transformer !== undefined && transformer !== bigintToNumber;
      const column = metadata.findColumnWithPropertyName(field.name);
      const columnType = column && String(db.driver.normalizeType(column));
      if (isLeafType(named)) {
        const text = !sealed && columnType !== undefined && (isEnumType(named) || TEXT_SCALARS[named.name]?.includes(columnType as string) === true);
        return [{ name: field.schemaName, selection: field.schemaName, sealed, text }];
      }
      const text = moneyForm(relation.child(), field.name) !== undefined;
      if (named.name === "Money") return [{ name: field.schemaName, selection: `${field.schemaName} { amount currency }`, sealed, text }];
      return [];
    });
}

/**
 * The scalars the statement writes as text (src/graphql/compiled/read-text.ts), by the column types
 * it writes each from: the oracle of which documents the text path must answer, and which not.
 */
const TEXT_SCALARS: Record<string, string[]> = {
  String: ["character varying", "text", "character", "uuid"],
  ID: ["character varying", "text", "character", "uuid", "integer", "smallint", "bigint"],
  Int: ["integer", "smallint", "bigint"],
  SafeInt: ["integer", "smallint", "bigint"],
  Boolean: ["boolean"],
  DateTimeISO: ["timestamp with time zone"],
  LocalDate: ["date"],
};

/** The roots each document is sent under: customers(first), customer(id), node(id) { ... on Customer }. */
const ROOTS = ["list", "one", "node"] as const;
type Root = (typeof ROOTS)[number];

interface Case {
  title: string;
  relation: Relation;
  role: Role;
  root: Root;
  query: string;
  variables: Record<string, unknown>;
  expected: "compiled" | "executor";
  /** Whether the statement must write the rows of the list root as text (x-text-rows), when it is predicted. */
  text?: boolean;
}

describe("generated equivalence: every declared relation, every role, both paths", () => {
  let app: TestApp;
  let paths: BothPaths;
  let schema: GraphQLSchema;
  let rules: Rules;
  const tokens = new Map<Role, string>();
  /** Relations whose documents the text path answered (see "as text"). */
  const relationsAsText = new Set<string>();
  /** Per role: the customers of its scope, with how many rows each has in each relation from Customer. */
  const inScope = new Map<Role, string[]>();

  beforeAll(async () => {
    app = await startTestApp({ customers: 60 });
    // records the seed does not make: policy changes (an import's policy.changed events) and tasks that reached
    // the customer (their outbound contact), for many customers, so each role's richest customer has some
    await app.db.query(`INSERT INTO event_outbox (type, customer_id, request_id, data, occurred_at)
      SELECT 'policy.changed', p.customer_id, 'import:equivalence', jsonb_build_object('customerId', p.customer_id, 'policyId', p.id, 'changedFields', jsonb_build_array('premium', 'status')),
             p.created_at + interval '30 days' FROM policy p`);
    await app.db.query(`WITH reached AS (
        INSERT INTO interaction (id, customer_id, channel, kind, direction, subject, occurred_at, status, satisfaction)
        SELECT md5('equivalence:' || t.id::text)::uuid, t.customer_id, 'PHONE', 'FEEDBACK', 'OUTBOUND', 'Follow-up visit', t.due_at, 'RESOLVED', 4 FROM service_task t
        RETURNING id, customer_id)
      UPDATE service_task t SET status = 'DONE', outcome = 'COMPLETED', contact_channel = 'PHONE', interaction_id = r.id, completed_at = t.due_at
        FROM reached r WHERE r.id = md5('equivalence:' || t.id::text)::uuid`);
    paths = await BothPaths.start(app);
    schema = await buildServedSchema();
    rules = buildPermissionMap(schema);
    for (const role of ROLES) {
      if (role === Role.CUSTOMER) {
        const [self] = await app.db.query(
          `SELECT c.id FROM customer c WHERE erased_at IS NULL AND EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id)
             AND EXISTS (SELECT 1 FROM relationship x WHERE x.customer_id = c.id) ORDER BY customer_number LIMIT 1`,
        );
        tokens.set(role, await app.token(Role.CUSTOMER, { sub: self.id }));
      } else tokens.set(role, await app.token(role));
      const listed = await app.gql(`{ customers(first: 100) { edges { node { id } } } }`, { token: tokens.get(role)! });
      inScope.set(role, listed.body.data!.customers.edges.map((edge: { node: { id: string } }) => edge.node.id));
    }
    // one instant for both paths: a case's SLA readings are read at request time (elapsedMs, remainingMs
    // of a running clock move every millisecond), so the clock stands still (Date only; timers stay real)
    jest.useFakeTimers({
      doNotFake: ["hrtime", "nextTick", "performance", "queueMicrotask", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout"],
      now: Date.now(),
    });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await paths?.stop();
    await app?.close();
  });

  /** The customer in the role's scope with the most rows in the first relation of the path (so the documents read data). */
  async function richestCustomer(role: Role, first: Relation): Promise<string> {
    const ids = inScope.get(role)!;
    const columns = relationColumns(app.db, first);
    const [best] = await app.db.query(
      `SELECT c.id FROM unnest($1::uuid[]) AS c(id) ORDER BY (SELECT count(*) FROM "${columns.table}" t WHERE t."${columns.toColumn}" = c.id) DESC, c.id LIMIT 1`,
      [ids],
    );
    return best.id;
  }

  /** For each filter argument of a page relation: a value that occurs in the data (the most frequent). */
  async function filterValues(relation: Relation): Promise<[string, unknown][]> {
    if (relation.kind !== "page" || !relation.filters) return [];
    const field = (schema.getType(relation.on().name) as { getFields(): Record<string, { args: readonly { name: string; type: unknown }[] }> }).getFields()[relation.field];
    const out: [string, unknown][] = [];
    for (const arg of field.args.filter((a) => a.name !== "first" && a.name !== "after")) {
      const probe = Object.entries(relation.filters({ [arg.name]: "__probe__" }) as Record<string, unknown>).find(([, value]) => value === "__probe__");
      expect({ relation: relationName(relation), arg: arg.name, mapped: Boolean(probe) }).toEqual({ relation: relationName(relation), arg: arg.name, mapped: true });
      const column = relationColumns(app.db, relation).metadata.findColumnWithPropertyName(probe![0])!.databaseName;
      const [row] = await app.db.query(`SELECT "${column}" AS value FROM "${relationColumns(app.db, relation).table}" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
      const type = getNamedType(arg.type as never);
      // the value must be one the argument's enum accepts: else both paths answer the same validation error
      if (isEnumType(type)) expect(type.getValues().map((v) => v.value)).toContain(row.value);
      out.push([arg.name, row.value]);
    }
    return out;
  }

  /** The document: root → path (ids only) → the relation, aliased `target`, with the given row fields. */
  function document(relation: Relation, root: Root, fields: string[], args: string, page: boolean): string {
    const inner = relation.kind === "page" ? `target: ${relation.field}${args} { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { ${fields.join(" ")} } } }` : `target: ${relation.field} { ${fields.join(" ")} }`;
    return reaching(relation, root, inner, page);
  }

  /** A selection placed under the path from the root to the declaration's parent type. */
  function reaching(target: { on: () => Function; field: string }, root: Root, inner: string, page = false): string {
    let selection = inner;
    for (const step of [...pathTo(target)].reverse()) {
      const key = typeOf(step).name === "HouseholdMember" ? "kind" : "id";
      selection = step.kind === "page" ? `${step.field}(first: 3) { edges { node { ${key} ${selection} } } }` : `${step.field} { ${key} ${selection} }`;
    }
    const variables = page ? "$id: ID!, $after: String" : "$id: ID!";
    if (root === "node") return `query G(${variables}) { node(id: $id) { id ... on Customer { ${selection} } } }`;
    return root === "one"
      ? `query G(${variables}) { customer(id: $id) { id ${selection} } }`
      : `query G { customers(first: 30) { edges { node { id ${selection} } } } }`;
  }

  async function casesFor(relation: Relation): Promise<Case[]> {
    const cases: Case[] = [];
    const path = pathTo(relation);
    const compiles = [...path, relation].every((step) => relationCompiles(rules, step));
    const all = rowFields(schema, app.db, relation);
    const sealed = all.some((field) => field.sealed);
    const filters = await filterValues(relation);
    for (const role of ROLES) {
      const typeName = typeOf(relation).name;
      const mayRead = all.filter((field) => readable(rules, role, typeName, field.name) && !field.sealed);
      const id = await richestCustomer(role, path[0] ?? relation);
      for (const root of ROOTS) {
        const variables = root === "list" ? {} : { id };
        const first = relation.kind === "page" ? "(first: 2)" : "";
        if (mayRead.length) {
          cases.push({ title: "readable fields", relation, role, root, variables, expected: compiles ? "compiled" : "executor", query: document(relation, root, mayRead.map((f) => f.selection), first, false) });
        }
        // a role that may read every field would send the same document twice: once is enough
        if (mayRead.length < all.length) {
          cases.push({ title: "every field", relation, role, root, variables, expected: "executor", query: document(relation, root, all.map((f) => f.selection), first, false) });
        }
        // the list root with the target read as the text path reads it (a page: its edges and count, no cursors):
        // the text path answers exactly when every field is one SQL writes and none is personal (a personal
        // value below the top row is reduced or audited in JavaScript)
        if (root === "list" && mayRead.length && compiles) {
          const personal = mayRead.some((field) => (FIELD_CLASSES[typeName]?.[field.name] ?? DataClass.PUBLIC) !== DataClass.PUBLIC);
          const inner = relation.kind === "page" ? `target: ${relation.field}${first} { totalCount edges { node { ${mayRead.map((f) => f.selection).join(" ")} } } }` : `target: ${relation.field} { ${mayRead.map((f) => f.selection).join(" ")} }`;
          cases.push({ title: "as text", relation, role, root, variables, expected: "compiled", text: !personal && mayRead.every((field) => field.text), query: reaching(relation, root, inner) });
        }
        for (const [arg, value] of filters) {
          const literal = typeof value === "string" ? value : JSON.stringify(value);
          cases.push({ title: `filter ${arg}`, relation, role, root, variables, expected: compiles ? "compiled" : "executor", query: document(relation, root, ["id"], `(first: 2, ${arg}: ${literal})`, false) });
        }
      }
    }
    return cases;
  }

  it.each(RELATIONS.map((relation) => [relationName(relation), relation] as const))("%s answers alike on both paths, on the path the policy predicts", async (_name, relation) => {
    const cases = await casesFor(relation);
    let rowsSeen = 0;
    let textCases = 0;
    for (const c of cases) {
      const { compiled, executed } = await paths.both(tokens.get(c.role)!, c.query, c.variables);
      const label = { relation: relationName(relation), role: c.role, root: c.root, title: c.title };
      expect({ ...label, status: compiled.status }).toEqual({ ...label, status: executed.status });
      expect({ ...label, audit: compiled.audit }).toEqual({ ...label, audit: executed.audit });
      // the access history lists the audit rows, which each request adds to: only its path and status compare
      if (!readsTheAudit(relation)) expect({ ...label, text: compiled.text }).toEqual({ ...label, text: executed.text });
      expect({ ...label, path: compiled.path }).toEqual({ ...label, path: c.expected });
      expect(executed.path).toBe("executor");
      if (c.text !== undefined) {
        expect({ ...label, text: compiled.textRows > 0 }).toEqual({ ...label, text: c.text });
        if (c.text) textCases += 1;
      }
      const body = JSON.parse(compiled.text);
      if (c.expected === "compiled") expect({ ...label, errors: body.errors }).toEqual({ ...label, errors: undefined });
      rowsSeen += countTargets(body.data);
      // a page relation under customer(id): its second page through the cursor it handed out
      if (relation.kind === "page" && c.root === "one" && c.title === "readable fields") {
        const after = findTarget(body.data)?.pageInfo?.endCursor;
        if (after) {
          const next = document(relation, "one", ["id"], "(first: 2, after: $after)", true);
          const second = await paths.both(tokens.get(c.role)!, next, { ...c.variables, after });
          if (!readsTheAudit(relation)) expect({ ...label, page: 2, text: second.compiled.text }).toEqual({ ...label, page: 2, text: second.executed.text });
          expect({ ...label, page: 2, path: second.compiled.path }).toEqual({ ...label, page: 2, path: c.expected });
          expect(findTarget(JSON.parse(second.compiled.text).data)?.pageInfo?.hasPreviousPage).toBe(true);
        }
      }
    }
    if (textCases > 0) relationsAsText.add(relationName(relation));
    // the documents read data: some answer holds rows of the relation (else equal answers prove little)
    expect({ relation: relationName(relation), rowsSeen: rowsSeen > 0 }).toEqual({ relation: relationName(relation), rowsSeen: true });
  });

  // the oracle of the text path is checked both ways above; this keeps it from passing by never predicting text
  it("the statement wrote the rows of many relations as text", () => {
    expect(relationsAsText.size).toBeGreaterThanOrEqual(15);
  });

  /** A derived value's selection: a leaf, or its object's leaves and Money values (only those the role may read, or all). */
  function derivedSelection(value: DerivedValue, role: Role | null): { selection: string; complete: boolean; personalObject: boolean } {
    const field = (schema.getType(value.on().name) as unknown as { getFields(): Record<string, { type: never }> }).getFields()[value.field];
    const named = getNamedType(field.type);
    if (isLeafType(named)) return { selection: `target: ${value.field}`, complete: true, personalObject: false };
    if (!isObjectType(named)) throw new Error(`${derivedName(value)} is neither a leaf nor an object`);
    const parts: string[] = [];
    let complete = true;
    let personalObject = false;
    for (const [name, sub] of Object.entries(named.getFields())) {
      const inner = getNamedType(sub.type);
      const leaf = isLeafType(inner);
      if (!leaf && !isObjectType(inner)) continue;
      if (role && !readable(rules, role, named.name, name)) {
        complete = false;
        continue;
      }
      const dataClass = FIELD_CLASSES[named.name]?.[name];
      if (!leaf && dataClass !== undefined && dataClass !== DataClass.PUBLIC) personalObject = true;
      parts.push(leaf ? name : `${name} { ${Object.keys((inner as { getFields(): object }).getFields()).filter((k) => isLeafType(getNamedType((inner as any).getFields()[k].type))).join(" ")} }`);
    }
    return { selection: `target: ${value.field} { ${parts.join(" ")} }`, complete, personalObject };
  }

  it.each(DERIVED.map((value) => [derivedName(value), value] as const))("derived %s answers alike on both paths, on the path the policy predicts", async (_name, value) => {
    const path = pathTo(value);
    const pathCompiles = path.every((step) => relationCompiles(rules, step));
    const dataClass = FIELD_CLASSES[value.on().name]?.[value.field];
    const own = dataClass === undefined || dataClass === DataClass.PUBLIC;
    let answered = 0;
    for (const role of ROLES) {
      const id = await richestCustomer(role, path[0] ?? RELATIONS[0]);
      const readableSelection = derivedSelection(value, role).selection;
      for (const variant of ["readable", "every field"] as const) {
        const { selection, complete, personalObject } = derivedSelection(value, variant === "readable" ? role : null);
        // a role that may read every field of the value would send the same documents twice: once is enough
        if (variant === "every field" && selection === readableSelection) continue;
        const readableHere = variant === "readable" || complete;
        const mayRead = dataClass === undefined || dataClass === DataClass.PUBLIC || readable(rules, role, value.on().name, value.field);
        const expected = pathCompiles && own && mayRead && readableHere && !personalObject ? "compiled" : "executor";
        for (const root of ROOTS) {
          const query = reaching(value, root, selection).replace("customers(first: 30)", "customers(first: 10)");
          const { compiled, executed } = await paths.both(tokens.get(role)!, query, root === "list" ? {} : { id });
          const label = { derived: derivedName(value), role, variant, root };
          expect({ ...label, status: compiled.status, text: compiled.text }).toEqual({ ...label, status: executed.status, text: executed.text });
          expect({ ...label, audit: compiled.audit }).toEqual({ ...label, audit: executed.audit });
          expect({ ...label, path: compiled.path }).toEqual({ ...label, path: expected });
          if (expected === "compiled") answered += countTargets(JSON.parse(compiled.text).data);
        }
      }
    }
    // a value no role's document could compile proves nothing about the compiled path: the public ones must compile somewhere
    // (reached only through a personal relation — a task's reach, under Customer.tasks — it is the executor's on every path)
    if (own && pathCompiles) expect({ derived: derivedName(value), answeredCompiled: answered > 0 }).toEqual({ derived: derivedName(value), answeredCompiled: true });
  });
});

/** How many non-empty `target` values an answer holds (rows of the relation under test). */
function countTargets(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countTargets(item), 0);
  if (!value || typeof value !== "object") return 0;
  let n = 0;
  for (const [key, inner] of Object.entries(value)) {
    if (key === "target") {
      const rows = inner && typeof inner === "object" && "edges" in inner ? (inner as { edges: unknown[] }).edges : inner;
      if (Array.isArray(rows) ? rows.length > 0 : rows !== null) n += 1;
    } else n += countTargets(inner);
  }
  return n;
}

/** The first `target` value in an answer. */
function findTarget(value: unknown): any {
  if (!value || typeof value !== "object") return undefined;
  if (!Array.isArray(value) && "target" in value) return (value as { target: unknown }).target;
  for (const inner of Object.values(value)) {
    const found = findTarget(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}
