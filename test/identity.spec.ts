import { Role } from "../src/auth/role";
import { PiiCipher } from "../src/shared/pii-crypto";
import { kindedRecordOf, MATCH_ROW_COLUMNS, matchWrittenCustomers, storedKeysOf, type MatchRow } from "../src/modules/identity/record-matching";
import { KEY_KIND_CODES } from "../src/modules/identity/matching/key-kinds";
import { makeResidentId } from "../src/shared/national-id";
import { createHmac, hkdfSync } from "node:crypto";
import { CODES, digestOfHex } from "../migrations/1795700000970-NarrowMatchKeys";
import { reclusterAllCustomers } from "../src/modules/identity/recluster";
import { startTestApp, type GraphQLResponse, type TestApp } from "./support/app";
import { CREATE_CUSTOMER, UPDATE_CUSTOMER } from "./support/operations";
import { startImport } from "../src/modules/importing/import.service";
import { ImportFiles } from "./support/import-files";
import { csvLine } from "../src/bench/import-files";
import { upsertCustomers } from "../src/modules/importing/customer-upsert";
import { customerRow } from "../src/modules/importing/customer-rows";
import { defaultComplaintDueHours } from "../src/config";

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.code;

const CANDIDATES = `query ($first: Int, $after: String, $minScore: Float, $status: DuplicateStatus) {
  duplicateCandidates(first: $first, after: $after, minScore: $minScore, status: $status) {
    totalCount
    edges { node { id reason status score matchWeight matchExplanation { comparison level weight } decisionReason customer { id } candidate { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const LINK = `mutation ($a: ID!, $b: ID!, $reason: String!) { linkCustomers(customerId: $a, otherCustomerId: $b, reason: $reason) { id } }`;
const UNLINK = `mutation ($id: ID!, $reason: String!) { unlinkCustomer(customerId: $id, reason: $reason) { id } }`;
const REJECT = `mutation ($id: ID!, $reason: String!) { rejectCandidate(id: $id, reason: $reason) { id status decisionReason decidedAt } }`;

interface SeededPerson {
  id: string;
  full_name: string;
  date_of_birth: string;
  gender: string;
  phone: string;
  email: string;
  address: string;
  city: string;
}

/** Every row that refers to these customers, table by table (the audit trail, the review list, the event log and the offers' change log aside). */
async function recordsOf(app: TestApp, ids: string[]): Promise<Record<string, unknown[]>> {
  const tables: { table_name: string }[] = await app.db.query(
    `SELECT DISTINCT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'customer_id' AND table_name NOT IN ('audit_entry', 'duplicate_candidate', 'person_link', 'event_outbox', 'offer_fact_change')
        AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition) -- a partition's rows are its table's
      ORDER BY table_name`,
  );
  const snapshot: Record<string, unknown[]> = {};
  snapshot.customer = await app.db.query(`SELECT * FROM customer WHERE id = ANY($1) ORDER BY id`, [ids]);
  for (const { table_name } of tables) {
    snapshot[table_name] = await app.db.query(`SELECT * FROM "${table_name}" WHERE customer_id = ANY($1) ORDER BY 1, 2`, [ids]);
  }
  snapshot.source_key = await app.db.query(`SELECT * FROM source_key WHERE record_id = ANY($1) ORDER BY id`, [ids]);
  return snapshot;
}

describe("identity resolution: matching on write, review, links", () => {
  let app: TestApp;
  let admin: string;
  let compliance: string;
  let agent: string;
  let seeded: SeededPerson[];

  const personInput = (person: SeededPerson, changes: Record<string, unknown> = {}) => ({
    kind: "INDIVIDUAL", fullName: person.full_name, dateOfBirth: person.date_of_birth, gender: person.gender, phone: person.phone,
    email: person.email, address: person.address, city: person.city, dependents: 0, ...changes,
  });
  const create = async (input: Record<string, unknown>, token = admin) => {
    const res = await app.gql(CREATE_CUSTOMER, { token, variables: { input } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.createCustomer.id as string;
  };
  const pairsOf = (id: string) =>
    app.db.query(
      `SELECT customer_id, candidate_customer_id, reason, status, score, match_weight FROM duplicate_candidate WHERE customer_id = $1 OR candidate_customer_id = $1 ORDER BY detected_at`,
      [id],
    );
  const personOf = async (id: string) => (await app.db.query(`SELECT person_id FROM person_link WHERE customer_id = $1`, [id]))[0]?.person_id ?? null;

  beforeAll(async () => {
    app = await startTestApp({ customers: 30 });
    [admin, compliance, agent] = await Promise.all([app.token(Role.ADMIN), app.token(Role.COMPLIANCE), app.token(Role.AGENT)]);
    seeded = await app.db.query(
      `SELECT id, full_name, date_of_birth::text, gender, phone, email, address, city FROM customer
        WHERE kind = 'INDIVIDUAL' AND erased_at IS NULL AND date_of_birth IS NOT NULL AND phone IS NOT NULL AND email IS NOT NULL AND address IS NOT NULL
        ORDER BY customer_number LIMIT 8`,
    );
    expect(seeded.length).toBe(8);
  });
  afterAll(() => app?.close());

  it("stores blocking keys for every seeded customer as keyed digests, never the values", async () => {
    const [{ customers }] = await app.db.query(`SELECT count(DISTINCT customer_id)::int AS customers FROM customer_match_key`);
    const [{ all }] = await app.db.query(`SELECT count(*)::int AS all FROM customer WHERE erased_at IS NULL`);
    expect(customers).toBe(all);
    const keys: { kind: number; digest: string }[] = await app.db.query(`SELECT kind::int AS kind, digest::text AS digest FROM customer_match_key WHERE customer_id = $1`, [seeded[0].id]);
    const { phone, email, nameBirth, nameCount, birthCount } = KEY_KIND_CODES;
    expect(keys.map((k) => k.kind)).toEqual(expect.arrayContaining([phone, email, nameBirth, nameCount, birthCount]));
    const cipher = new PiiCipher(app.config.piiEncryptionKey);
    // the digest is keyed: the same value under another key gives another digest
    expect(keys.every((k) => /^-?[0-9]{1,19}$/.test(k.digest))).toBe(true);
    expect(keys.map((k) => k.digest)).not.toContain(new PiiCipher("another key, another digest, 32+ chars").matchKey("phone", seeded[0].phone));
    expect(cipher.matchKey("phone", "x")).toMatch(/^-?[0-9]{1,19}$/);
  });

  it("converts a digest stored before the narrow key table into the digest the cipher now gives", async () => {
    // the earlier digest: the same HMAC's first 32 hex characters
    const key = Buffer.from(hkdfSync("sha256", Buffer.from(app.config.piiEncryptionKey, "utf8"), "customer360", "pii-match-key", 32));
    const cipher = new PiiCipher(app.config.piiEncryptionKey);
    const values = ["+8613911112222", "x", "li.wei@example.cn", "2001-02-03", "+8613800000000", "y", "wang88@example.cn", "1999-12-31"];
    const hexes = values.map((value) => createHmac("sha256", key).update(`phone\u0000${value}`).digest("hex").slice(0, 32));
    const rows: { digest: string }[] = await app.db.query(`SELECT (${digestOfHex("h")})::text AS digest FROM unnest($1::text[]) WITH ORDINALITY AS t(h, i) ORDER BY i`, [hexes]);
    expect(rows.map((row) => row.digest)).toEqual(values.map((value) => cipher.matchKey("phone", value)));
    expect(new Set(rows.map((row) => row.digest.startsWith("-"))).size).toBe(2); // both signs met, or the sign is not tested
    // the migration converted the stored names with the codes the code writes
    expect(Object.fromEntries(CODES)).toEqual(KEY_KIND_CODES);
  });

  it("keeps the stored keys in step with a change: a new phone replaces the phone key, every other key stays as stored", async () => {
    const target = seeded[7];
    const keysOf = async () =>
      new Set<string>((await app.db.query(`SELECT kind, digest FROM customer_match_key WHERE customer_id = $1`, [target.id])).map((k: { kind: string; digest: string }) => `${k.kind}:${k.digest}`));
    const before = await keysOf();
    const [{ version }] = await app.db.query(`SELECT version FROM customer WHERE id = $1`, [target.id]);
    const res = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id: target.id, input: { phone: "+8613911112222" }, expectedVersion: version } });
    expect(res.body.errors).toBeUndefined();
    const after = await keysOf();
    const removed = [...before].filter((key) => !after.has(key));
    const added = [...after].filter((key) => !before.has(key));
    expect(removed.map((key) => key.split(":")[0])).toEqual([String(KEY_KIND_CODES.phone)]);
    expect(added.map((key) => key.split(":")[0])).toEqual([String(KEY_KIND_CODES.phone)]);
    expect(after.size).toBe(before.size);
  });

  it("links a record written again with the same name, birth date, phone and e-mail automatically, without changing either record", async () => {
    const original = seeded[0];
    const before = await recordsOf(app, [original.id]);
    const copy = await create(personInput(original));
    const [pair] = await pairsOf(copy);
    expect(pair).toMatchObject({ customer_id: copy, candidate_customer_id: original.id, reason: "SCORED_MATCH", status: "CONFIRMED" });
    expect(pair.match_weight).toBeGreaterThanOrEqual(23.273);
    expect(await personOf(copy)).not.toBeNull();
    expect(await personOf(copy)).toBe(await personOf(original.id));
    expect(await recordsOf(app, [original.id])).toEqual(before);
  });

  it("matches imported records as the API matches one: a copy is linked, a new person meets no one, each stores its keys once", async () => {
    // a person of their own (the seeded ones are linked and unlinked by the specs below)
    const person = { full_name: "Tang Yuming", gender: "FEMALE", date_of_birth: "1977-08-21", email: "yuming.tang.import@example.com", phone: "+8613900004321", address: "12 Riverside Road", city: "Chengdu" };
    const original = { id: await create(personInput({ id: "", ...person })), ...person };
    const files = new ImportFiles();
    const header = ["sourceId", "kind", "fullName", "gender", "dateOfBirth", "email", "phone", "address", "city", "dependents"];
    const row = (sourceId: string, p: Omit<SeededPerson, "id">) =>
      csvLine([sourceId, "INDIVIDUAL", p.full_name, p.gender, p.date_of_birth, p.email, p.phone, p.address, p.city, 0]);
    const stranger = { full_name: "Qiu Zhiyuan", gender: "MALE", date_of_birth: "1969-03-14", email: "zhiyuan.qiu.import@example.com", phone: "+8613900001234", address: "88 Lakeside Road", city: "Kunming" };
    const file = files.write("people.csv", `${header.join(",")}\n${row("MATCH-1", original)}${row("MATCH-2", stranger)}`);
    const keysOf = async (id: string): Promise<string[]> =>
      (await app.db.query(`SELECT kind, digest FROM customer_match_key WHERE customer_id = $1 ORDER BY kind, digest`, [id])).map((k: { kind: string; digest: string }) => `${k.kind}:${k.digest}`);
    try {
      const options = { file, sourceSystem: "MATCH_TEST", entity: "customers", createdBy: "test", piiKey: app.config.piiEncryptionKey, batchSize: 1, upkeepEvery: 2 };
      const vacuums = async () => (await app.db.query(`SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE relname = 'customer_match_key'`))[0].n as number;
      const vacuumsBefore = await vacuums();
      const job = await startImport(app.db, options);
      expect([job.status, job.inserted, job.failed]).toEqual(["COMPLETED", 2, 0]);
      // the customers kind's upkeep: the key table vacuumed between batches, once per 2 rows here
      expect(await vacuums()).toBe(vacuumsBefore + 1);
      const [copy, other] = (await app.db.query(
        `SELECT record_id FROM source_key WHERE source_system = 'MATCH_TEST' ORDER BY source_id`,
      )).map((r: { record_id: string }) => r.record_id);
      const [pair] = await pairsOf(copy);
      expect(pair).toMatchObject({ customer_id: copy, candidate_customer_id: original.id, reason: "SCORED_MATCH", status: "CONFIRMED" });
      expect(await personOf(copy)).toBe(await personOf(original.id));
      expect(await pairsOf(other)).toEqual([]);
      // the copy's keys are the original's (same values, same digests) less the national id it was not given
      const copyKeys = await keysOf(copy);
      expect(copyKeys.length).toBeGreaterThanOrEqual(9);
      expect((await keysOf(original.id)).filter((key) => !key.startsWith(`${KEY_KIND_CODES.nationalId}:`))).toEqual(copyKeys);
      const otherKeys = await keysOf(other);
      expect(otherKeys.length).toBeGreaterThanOrEqual(9);
      // the same file again: nothing written, the keys as they were
      const again = await startImport(app.db, options);
      expect([again.unchanged, again.inserted, again.updated]).toEqual([2, 0, 0]);
      expect([await keysOf(copy), await keysOf(other)]).toEqual([copyKeys, otherKeys]);
    } finally {
      files.remove();
    }
  });

  it("keys imported customers (new and changed, odd spellings, with and without an id) exactly as matching their stored rows does", async () => {
    const files = new ImportFiles();
    const header = ["sourceId", "kind", "fullName", "gender", "dateOfBirth", "idType", "nationalId", "email", "phone", "address", "city", "dependents"];
    const people: (string | number)[][] = [
      ["KEYS-1", "INDIVIDUAL", "  Lu   Xiaoming ", "MALE", "1985-11-02", "RESIDENT_ID", makeResidentId("110101", "1985-11-02", 37), "Xiaoming.LU@Example.COM", "+8613900005678", " 7 Hill Street ", "Beijing", 1],
      ["KEYS-2", "INDIVIDUAL", "欧阳 明", "FEMALE", "", "", "", "", "+8613900005679", "", "", 0],
      ["KEYS-3", "ENTERPRISE", "Harbour Trading Co., Ltd.", "", "", "", "", "office@harbour.example.cn", "", "3 Quay Road", "Tianjin", 0],
    ];
    const changedPhone = [...people[0]];
    changedPhone[8] = "+8613900009999";
    const cipher = new PiiCipher(app.config.piiEncryptionKey);
    const options = (name: string, rows: (string | number)[][]) => ({
      file: files.write(name, `${header.join(",")}\n${rows.map((row) => csvLine(row)).join("")}`),
      sourceSystem: "KEYS_TEST", entity: "customers", createdBy: "test", piiKey: app.config.piiEncryptionKey, batchSize: 10,
    });
    const storedAndExpected = async (source = "KEYS_TEST") => {
      const rows: MatchRow[] = await app.db.query(
        `SELECT ${MATCH_ROW_COLUMNS} FROM customer WHERE id IN (SELECT record_id FROM source_key WHERE source_system = $1) ORDER BY id`,
        [source],
      );
      const stored: { k: string }[] = await app.db.query(
        `SELECT customer_id || ' ' || kind || ' ' || digest AS k FROM customer_match_key
          WHERE customer_id IN (SELECT record_id FROM source_key WHERE source_system = $1)`,
        [source],
      );
      const expected = rows.flatMap((row) => storedKeysOf(cipher, kindedRecordOf(row))).map((key) => `${key.customerId} ${key.kind} ${key.digest}`);
      return { customers: rows.length, stored: stored.map((row) => row.k).sort(), expected: expected.sort() };
    };
    try {
      const first = await startImport(app.db, options("keys.csv", people));
      expect([first.status, first.inserted, first.failed]).toEqual(["COMPLETED", 3, 0]);
      const created = await storedAndExpected();
      expect(created.customers).toBe(3);
      expect(created.expected.length).toBeGreaterThanOrEqual(12); // not vacuous
      expect(created.stored).toEqual(created.expected);
      const second = await startImport(app.db, options("keys-changed.csv", [changedPhone]));
      expect([second.status, second.updated]).toEqual(["COMPLETED", 1]);
      const changed = await storedAndExpected();
      expect(changed.stored).toEqual(changed.expected);
      expect(changed.stored).not.toEqual(created.stored); // the new phone's key replaced the old one
      // the same rows upserted with nothing prepared before the transaction (a row the look-up ahead
      // took for unchanged, then found changed): sealed and keyed inside it, to the same keys
      const checked = people.map((values) => customerRow(Object.fromEntries(header.map((column, i) => [column, String(values[i])]))));
      const rows = checked.map((check) => ("row" in check ? { row: check.row, digest: cipher.contentDigest(check.row.content) } : null));
      expect(rows.every((row) => row !== null)).toBe(true);
      const context = { sourceSystem: "KEYS_INLINE", piiKey: app.config.piiEncryptionKey, complaintDueHours: defaultComplaintDueHours(), cause: { actorId: null, requestId: null } };
      const counts = await app.db.transaction((manager) => upsertCustomers(manager, context, rows.map((row) => row!)));
      expect(counts.inserted).toBe(3);
      const inline = await storedAndExpected("KEYS_INLINE");
      expect(inline.customers).toBe(3);
      expect(inline.expected.length).toBe(created.expected.length);
      expect(inline.stored).toEqual(inline.expected);
    } finally {
      files.remove();
    }
  });

  it("meets a name written in hanzi and in pinyin: the same person with a new phone is scored above the review threshold", async () => {
    const hanzi = await create({ kind: "INDIVIDUAL", fullName: "欧阳明轩", dateOfBirth: "1984-03-09", gender: "MALE", phone: "+8613811112222", email: "mx.ouyang@example.cn", city: "Hangzhou", dependents: 0 });
    const latin = await create({ kind: "INDIVIDUAL", fullName: "Mingxuan Ouyang", dateOfBirth: "1984-03-09", gender: "MALE", phone: "+8613933334444", email: "mx.ouyang@example.cn", city: "Hangzhou", dependents: 0 });
    const pairs = await pairsOf(latin);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ customer_id: latin, candidate_customer_id: hanzi, reason: "SCORED_MATCH" });
    expect(pairs[0].match_weight).toBeGreaterThanOrEqual(14);
    const [name] = (await app.db.query(`SELECT match_explanation FROM duplicate_candidate WHERE customer_id = $1`, [latin]))[0].match_explanation.filter((c: { comparison: string }) => c.comparison === "NAME");
    expect(name.level).toBe("EXACT");
  });

  it("sends a record written with the name order swapped and a changed phone to review or links it, never lets it pass silently", async () => {
    const original = seeded[1];
    // the same person written with given name first and a new phone: scored, not ignored
    const [family, ...given] = original.full_name.split(" ");
    const copy = await create(personInput(original, { fullName: `${given.join(" ")} ${family}`, phone: "+8613900000001" }));
    const pairs = await pairsOf(copy);
    expect(pairs).toHaveLength(1);
    expect(pairs[0].candidate_customer_id).toBe(original.id);
    expect(["OPEN", "CONFIRMED"]).toContain(pairs[0].status);
    expect(pairs[0].match_weight).toBeGreaterThanOrEqual(14);
  });

  it("lists pairs with score and explanation to reviewers, filtered by minScore and status, with no compared value in the explanation", async () => {
    const res = await app.gql(CANDIDATES, { token: compliance, variables: { first: 50 } });
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data!.duplicateCandidates.edges.map((e: { node: Record<string, any> }) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    const scored = nodes.filter((n: Record<string, any>) => n.reason === "SCORED_MATCH");
    for (const node of scored) {
      expect(node.score).toBeGreaterThan(0);
      expect(node.score).toBeLessThanOrEqual(1);
      const comparisons = node.matchExplanation.map((c: { comparison: string }) => c.comparison);
      expect(comparisons).toEqual(expect.arrayContaining(["PRIOR", "NAME", "DATEOFBIRTH", "EMAIL"]));
      const sum = node.matchExplanation.reduce((total: number, c: { weight: number }) => total + c.weight, 0);
      expect(sum).toBeCloseTo(node.matchWeight, 1);
    }
    const text = JSON.stringify(nodes.map((n: Record<string, any>) => n.matchExplanation));
    for (const person of seeded.slice(0, 2)) {
      for (const value of [person.full_name, person.phone, person.email, person.date_of_birth, person.address]) expect(text).not.toContain(value);
    }
    const high = await app.gql(CANDIDATES, { token: compliance, variables: { minScore: 0.999999 } });
    expect(high.body.data!.duplicateCandidates.edges.every((e: { node: { score: number } }) => e.node.score >= 0.999999)).toBe(true);
    expect(high.body.data!.duplicateCandidates.totalCount).toBe(high.body.data!.duplicateCandidates.edges.length);
    const open = await app.gql(CANDIDATES, { token: compliance, variables: { status: "OPEN" } });
    expect(open.body.data!.duplicateCandidates.edges.every((e: { node: { status: string } }) => e.node.status === "OPEN")).toBe(true);
    const bad = await app.gql(CANDIDATES, { token: compliance, variables: { minScore: 1.5 } });
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
  });

  it("rejects a pair for good: audited with its reason, never proposed again when the record is written again", async () => {
    const original = seeded[2];
    const copy = await create(personInput(original, { phone: "+8613900000002", email: null }));
    const [pair] = await app.db.query(`SELECT id, status FROM duplicate_candidate WHERE customer_id = $1`, [copy]);
    expect(pair).toBeDefined();
    if (pair.status === "CONFIRMED") {
      const unlinked = await app.gql(UNLINK, { token: compliance, variables: { id: copy, reason: "twins, checked by phone" } });
      expect(unlinked.body.errors).toBeUndefined();
      const [again] = await app.db.query(`SELECT status FROM duplicate_candidate WHERE id = $1`, [pair.id]);
      expect(again.status).toBe("DISMISSED");
    } else {
      const rejected = await app.gql(REJECT, { token: compliance, variables: { id: pair.id, reason: "twins, checked by phone" } });
      expect(rejected.body.errors).toBeUndefined();
      expect(rejected.body.data!.rejectCandidate).toMatchObject({ status: "DISMISSED", decisionReason: "twins, checked by phone" });
      const twice = await app.gql(REJECT, { token: compliance, variables: { id: pair.id, reason: "again" } });
      expect(codeOf(twice)).toBe("CONFLICT");
    }
    const audit = await app.db.query(`SELECT operation, purpose, outcome FROM audit_entry WHERE customer_id = $1 AND operation IN ('rejectCandidate', 'unlinkCustomer')`, [copy]);
    expect(audit).toHaveLength(1);
    expect(audit[0].purpose).toBe("twins, checked by phone");
    const [{ version }] = await app.db.query(`SELECT version FROM customer WHERE id = $1`, [copy]);
    const updated = await app.gql(UPDATE_CUSTOMER, { token: admin, variables: { id: copy, input: { address: `${original.address} ` , city: original.city }, expectedVersion: version } });
    expect(updated.body.errors).toBeUndefined();
    expect(await pairsOf(copy)).toHaveLength(1);
    expect(await personOf(copy)).toBeNull();
  });

  it("links and unlinks by decision; after the unlink every record is exactly as before the link", async () => {
    const [a, b] = [seeded[4].id, seeded[5].id];
    const before = await recordsOf(app, [a, b]);
    const linked = await app.gql(LINK, { token: compliance, variables: { a, b, reason: "same person, confirmed by phone" } });
    expect(linked.body.errors).toBeUndefined();
    expect(linked.body.data!.linkCustomers.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    expect(await personOf(a)).toBe(await personOf(b));
    const unlinked = await app.gql(UNLINK, { token: admin, variables: { id: b, reason: "linked by mistake" } });
    expect(unlinked.body.errors).toBeUndefined();
    expect([await personOf(a), await personOf(b)]).toEqual([null, null]);
    expect(await recordsOf(app, [a, b])).toEqual(before);
    const audit = await app.db.query(`SELECT operation, outcome, purpose FROM audit_entry WHERE customer_id = ANY($1) AND operation IN ('linkCustomers', 'unlinkCustomer') ORDER BY at`, [[a, b]]);
    expect(audit.map((r: { outcome: string }) => r.outcome).sort()).toEqual(["LINKED", "LINKED", "UNLINKED"]);
    const again = await app.gql(UNLINK, { token: admin, variables: { id: b, reason: "again" } });
    expect(codeOf(again)).toBe("CONFLICT");
  });

  it("joins two persons into one when their records are linked", async () => {
    const [a, b, c] = [seeded[5].id, seeded[6].id, seeded[7].id];
    for (const [x, y] of [[a, b], [c, seeded[3].id], [b, c]]) {
      const res = await app.gql(LINK, { token: admin, variables: { a: x, b: y, reason: "one person" } });
      expect(res.body.errors).toBeUndefined();
    }
    const persons = new Set([await personOf(a), await personOf(b), await personOf(c), await personOf(seeded[3].id)]);
    expect(persons.size).toBe(1);
    expect([...persons][0]).not.toBeNull();
  });

  it("refuses bad decisions with a code, and every decision to roles other than COMPLIANCE and ADMIN", async () => {
    const id = seeded[0].id;
    expect(codeOf(await app.gql(LINK, { token: admin, variables: { a: id, b: id, reason: "x" } }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await app.gql(LINK, { token: admin, variables: { a: id, b: seeded[1].id, reason: "  " } }))).toBe("BAD_USER_INPUT");
    expect(codeOf(await app.gql(LINK, { token: admin, variables: { a: id, b: "00000000-0000-4000-8000-000000000000", reason: "x" } }))).toBe("NOT_FOUND");
    expect(codeOf(await app.gql(REJECT, { token: admin, variables: { id: "not-a-uuid", reason: "x" } }))).toBe("NOT_FOUND");
    for (const role of [Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.INTEGRATION]) {
      const token = await app.token(role);
      expect([role, codeOf(await app.gql(LINK, { token, variables: { a: id, b: seeded[1].id, reason: "x" } }))]).toEqual([role, "FORBIDDEN"]);
      expect([role, codeOf(await app.gql(CANDIDATES, { token }))]).toEqual([role, "FORBIDDEN"]);
    }
  });

  it("re-clusters every customer (the set-based job): a record written around the matcher is found and linked, and a second run records nothing new", async () => {
    const original = seeded[7];
    // a copy written straight into the table, as a database restored from before matching would hold it
    const [{ id: copy }] = await app.db.query(
      `INSERT INTO customer (customer_number, kind, full_name, date_of_birth, gender, phone, email, address, city, dependents)
       SELECT 'C99990001', kind, full_name, date_of_birth, gender, phone, email, address, city, 0 FROM customer WHERE id = $1 RETURNING id`,
      [original.id],
    );
    expect(await pairsOf(copy)).toEqual([]);
    const outcome = await reclusterAllCustomers(app.db, new PiiCipher(app.config.piiEncryptionKey));
    const [{ live }] = await app.db.query(`SELECT count(*)::int AS live FROM customer WHERE erased_at IS NULL`);
    expect(outcome.customers).toBe(live);
    expect(outcome.linked).toBeGreaterThanOrEqual(1);
    const pairs = await pairsOf(copy);
    expect(pairs.filter((p: { status: string }) => p.status === "CONFIRMED").map((p: { customer_id: string; candidate_customer_id: string }) => [p.customer_id, p.candidate_customer_id].sort()))
      .toContainEqual([copy, original.id].sort());
    expect(await personOf(copy)).toBe(await personOf(original.id));
    const [{ n: before }] = await app.db.query(`SELECT count(*)::int AS n FROM duplicate_candidate`);
    const again = await reclusterAllCustomers(app.db, new PiiCipher(app.config.piiEncryptionKey));
    expect([again.recorded, again.keysInserted, again.keysDeleted]).toEqual([0, 0, 0]);
    const [{ n: after }] = await app.db.query(`SELECT count(*)::int AS n FROM duplicate_candidate`);
    expect(after).toBe(before);
  });

  it("never links records with different registration numbers: enterprises not even for review, persons only through review", async () => {
    const cipher = new PiiCipher(app.config.piiEncryptionKey);
    let number = 99980000;
    const insert = async (kind: string, hash: string | null) => {
      const [{ id }] = await app.db.query(
        `INSERT INTO customer (customer_number, kind, full_name, date_of_birth, gender, phone, email, address, city, national_id_hash, dependents)
         VALUES ($1, $2, 'Hangzhou Yongxin Precision Machinery Co., Ltd.', $3, $4, '+8657188881234', 'insurance@yongxin.example.cn', '88 Wensan Road', 'Hangzhou', $5, 0) RETURNING id`,
        [`C${number++}`, kind, kind === "INDIVIDUAL" ? "1979-04-02" : null, kind === "INDIVIDUAL" ? "MALE" : null, hash],
      );
      await app.db.transaction((manager) => matchWrittenCustomers(manager, cipher, [id]));
      return id as string;
    };
    const firm = await insert("ENTERPRISE", "a".repeat(64));
    const otherFirm = await insert("ENTERPRISE", "b".repeat(64));
    expect(await pairsOf(otherFirm)).toEqual([]);
    const sameFirm = await insert("ENTERPRISE", null);
    expect((await pairsOf(sameFirm)).map((p: { candidate_customer_id: string; status: string }) => [p.status, [firm, otherFirm].includes(p.candidate_customer_id)]))
      .toEqual([["CONFIRMED", true], ["CONFIRMED", true]]);
    const person = await insert("INDIVIDUAL", "c".repeat(64));
    expect(await pairsOf(person)).toEqual([]); // another kind of customer is never compared
    const samePersonOtherId = await insert("INDIVIDUAL", "d".repeat(64));
    const [pair] = await pairsOf(samePersonOtherId);
    expect(pair).toMatchObject({ candidate_customer_id: person, reason: "SCORED_MATCH", status: "OPEN" });
    expect(pair.match_weight).toBeGreaterThanOrEqual(23.273); // strong enough to link, held for review by the different ids
    expect(await personOf(samePersonOtherId)).toBeNull();
    // a shared id is reviewed whatever the kinds (#9's rule): a person holding the firm's number
    const holder = await insert("INDIVIDUAL", "a".repeat(64));
    const withFirm = (await pairsOf(holder)).filter((p: { candidate_customer_id: string }) => p.candidate_customer_id === firm);
    expect(withFirm).toEqual([expect.objectContaining({ reason: "NATIONAL_ID", status: "OPEN" })]);
    expect(await personOf(holder)).toBeNull();
  });

  it("lets an agent propose two customers of their own book for review, with an answer that says nothing about the review", async () => {
    const PROPOSE = `mutation ($a: ID!, $b: ID!, $reason: String!) { proposeDuplicate(customerId: $a, otherCustomerId: $b, reason: $reason) }`;
    const book: { id: string }[] = await app.db.query(
      `SELECT c.id FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id WHERE s.username = 'agent1' AND c.erased_at IS NULL AND c.kind = 'INDIVIDUAL'
        AND NOT EXISTS (SELECT 1 FROM duplicate_candidate d WHERE d.customer_id = c.id OR d.candidate_customer_id = c.id) ORDER BY c.customer_number LIMIT 2`,
    );
    const [outside] = await app.db.query(
      `SELECT c.id FROM customer c JOIN staff_user s ON s.id = c.assigned_agent_id WHERE s.username <> 'agent1' AND c.erased_at IS NULL ORDER BY c.customer_number LIMIT 1`,
    );
    expect(book).toHaveLength(2);
    const [a, b] = book.map((row) => row.id);
    const proposed = await app.gql(PROPOSE, { token: agent, variables: { a, b, reason: "same caller, two records" } });
    expect(proposed.body).toEqual({ data: { proposeDuplicate: true } });
    const pairs = await pairsOf(a);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ customer_id: a, candidate_customer_id: b, reason: "AGENT_PROPOSAL", status: "OPEN" });
    expect(typeof pairs[0].match_weight).toBe("number");
    // the same pair again, and after a reviewer rejected it: the same answer, nothing added or reopened
    expect((await app.gql(PROPOSE, { token: agent, variables: { a: b, b: a, reason: "again" } })).body).toEqual({ data: { proposeDuplicate: true } });
    const [{ id: pairId }] = await app.db.query(`SELECT id FROM duplicate_candidate WHERE customer_id = $1 AND candidate_customer_id = $2`, [a, b]);
    expect((await app.gql(REJECT, { token: compliance, variables: { id: pairId, reason: "two people" } })).body.errors).toBeUndefined();
    expect((await app.gql(PROPOSE, { token: agent, variables: { a, b, reason: "still think so" } })).body).toEqual({ data: { proposeDuplicate: true } });
    expect((await pairsOf(a)).map((p: { status: string }) => p.status)).toEqual(["DISMISSED"]);
    const audit = await app.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE operation = 'proposeDuplicate' AND outcome = 'PROPOSED' AND customer_id = ANY($1)`, [[a, b]]);
    expect(audit[0].n).toBe(6);
    // another agent's customer is NOT_FOUND, as a missing one; other roles may not propose
    expect(codeOf(await app.gql(PROPOSE, { token: agent, variables: { a, b: outside.id, reason: "x" } }))).toBe("NOT_FOUND");
    expect(codeOf(await app.gql(PROPOSE, { token: agent, variables: { a, b: "00000000-0000-4000-8000-000000000000", reason: "x" } }))).toBe("NOT_FOUND");
    expect(codeOf(await app.gql(PROPOSE, { token: await app.token(Role.UNDERWRITER), variables: { a, b, reason: "x" } }))).toBe("FORBIDDEN");
  });

  it("deletes an erased customer's keys: it meets no one again", async () => {
    const copy = await create(personInput(seeded[3], { phone: "+8613900000003" }));
    const [{ keys }] = await app.db.query(`SELECT count(*)::int AS keys FROM customer_match_key WHERE customer_id = $1`, [copy]);
    expect(keys).toBeGreaterThan(3);
    const erased = await app.gql(`mutation ($id: ID!) { eraseCustomer(customerId: $id, reason: "request 17") { id } }`, { token: compliance, variables: { id: copy } });
    expect(erased.body.errors).toBeUndefined();
    const [{ left }] = await app.db.query(`SELECT count(*)::int AS left FROM customer_match_key WHERE customer_id = $1`, [copy]);
    expect(left).toBe(0);
    expect(codeOf(await app.gql(LINK, { token: admin, variables: { a: copy, b: seeded[3].id, reason: "x" } }))).toBe("CONFLICT");
  });
});
