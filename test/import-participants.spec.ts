import { Role } from "../src/auth/role";
import { makeResidentId } from "../src/shared/national-id";
import { PiiCipher } from "../src/shared/pii-crypto";
import { startTestApp, type TestApp } from "./support/app";
import { ImportFiles, importerOf, recordIdOf, rowErrors } from "./support/import-files";

const CUSTOMERS = ["sourceId,kind,fullName,city", "H-1,INDIVIDUAL,Zhao Lei,Beijing", "H-2,INDIVIDUAL,Qian Yu,Beijing", "H-3,INDIVIDUAL,Sun Li,Wuhan"].join("\n") + "\n";
const CHILD_ID = makeResidentId("110101", "2015-08-01", 124);
const ndjson = (records: Record<string, unknown>[]) => records.map((record) => JSON.stringify(record)).join("\n") + "\n";
const policy = (sourceId: string, participants?: unknown[], insuredObjects?: unknown[]) => ({
  sourceId, customerSourceId: "H-1", productCode: "LIFE-TERM-20", status: "ACTIVE", premium: 125_000, premiumFrequency: "ANNUAL", sumInsured: 50_000_000,
  startDate: "2026-01-01", endDate: "2045-12-31", ...(participants === undefined ? {} : { participants }), ...(insuredObjects === undefined ? {} : { insuredObjects }),
});
const CAR = { kind: "VEHICLE", plate: "京A12345", vin: "LSVAU2180N2123456", make: "BYD", model: "Han", year: 2024, sumInsured: 25_000_000 };
const HOME = { kind: "PROPERTY", address: "Room 1201, Building 3, No. 8 Example Road", city: "Beijing", region: "Beijing", constructionYear: 2008, sumInsured: 400_000_000 };
const FAMILY = [
  { role: "INSURED", customerSourceId: "H-2", relationship: "SPOUSE" },
  { role: "BENEFICIARY", name: "Zhao Xin", dateOfBirth: "2015-08-01", idType: "RESIDENT_ID", nationalId: CHILD_ID, relationship: "CHILD", share: 60 },
  { role: "BENEFICIARY", customerSourceId: "H-3", share: 40 },
  { role: "BENEFICIARY", name: "Zhao Min", share: 100, order: 2 },
  { role: "PAYER", customerSourceId: "H-2" },
];

describe("imported policies with their participants and insured objects (policy file columns `participants`, `insuredObjects`)", () => {
  let app: TestApp;
  let cipher: PiiCipher;
  const files = new ImportFiles();
  beforeAll(async () => {
    app = await startTestApp({ customers: 5 });
    cipher = new PiiCipher(app.config.piiEncryptionKey);
    const customers = await run("customers.csv", CUSTOMERS, "customers");
    expect(customers).toMatchObject({ status: "COMPLETED", inserted: 3 });
  });
  afterAll(async () => {
    await app?.close();
    files.remove();
  });

  function run(name: string, content: string, entity = "policies") {
    return importerOf(app.db, app.config.piiEncryptionKey, files)(name, content, entity);
  }
  const idOf = (kind: string, sourceId: string) => recordIdOf(app.db, kind, sourceId);
  /** Imports records that must all fail on `column` (nothing written) and gives their problems, in line order. */
  const refusedOn = async (column: string, name: string, records: { sourceId: string }[]): Promise<string[]> => {
    const job = await run(name, ndjson(records));
    expect(job).toMatchObject({ inserted: 0, updated: 0, failed: records.length });
    expect(await rowErrors(app.db, job.id)).toEqual(records.map(({ sourceId }, i) => [i + 1, sourceId, column]));
    const problems: { problem: string }[] = await app.db.query(`SELECT problem FROM import_error WHERE job_id = $1 ORDER BY line`, [job.id]);
    return problems.map((p) => p.problem);
  };
  /** A policy's participants as [role, customer source id or name, relationship, share, order], in a stable order. */
  const participantsOf = async (policySourceId: string) => {
    const rows: { role: string; who: string; relationship: string | null; share_percent: number | null; ordinal: number }[] = await app.db.query(
      `SELECT p.role, coalesce(k.source_id, p.name) AS who, p.relationship, p.share_percent, p.ordinal
         FROM policy_participant p LEFT JOIN source_key k ON k.entity_kind = 'customer' AND k.source_system = 'CORE_PAS' AND k.record_id = p.participant_customer_id
        WHERE p.policy_id = $1 ORDER BY p.role, p.ordinal, who`,
      [await idOf("policy", policySourceId)],
    );
    return rows.map((row) => [row.role, row.who, row.relationship, row.share_percent, row.ordinal]);
  };

  it("writes insured persons, beneficiaries and the payer beside the policyholder, customers by source key and named persons with a sealed national id", async () => {
    const job = await run("policies.ndjson", ndjson([policy("POL-1", FAMILY), policy("POL-2")]));
    expect(job).toMatchObject({ status: "COMPLETED", inserted: 2, failed: 0 });
    expect(await participantsOf("POL-1")).toEqual([
      ["BENEFICIARY", "H-3", null, 40, 1],
      ["BENEFICIARY", "Zhao Xin", "CHILD", 60, 1],
      ["BENEFICIARY", "Zhao Min", null, 100, 2],
      ["INSURED", "H-2", "SPOUSE", null, 1],
      ["PAYER", "H-2", null, null, 1],
      ["POLICYHOLDER", "H-1", null, null, 1],
    ]);
    expect(await participantsOf("POL-2")).toEqual([["POLICYHOLDER", "H-1", null, null, 1]]);
    const [child] = await app.db.query(`SELECT national_id_encrypted, national_id_hash, date_of_birth::text AS born FROM policy_participant WHERE name = 'Zhao Xin'`);
    expect(child.national_id_encrypted).not.toContain(CHILD_ID);
    expect([cipher.decrypt(child.national_id_encrypted), child.national_id_hash, child.born]).toEqual([CHILD_ID, cipher.blindIndex(CHILD_ID), "2015-08-01"]);
  });

  it("shows them in the 360 view over GraphQL (ADMIN), the customers among them resolved", async () => {
    const res = await app.gql(
      `query ($id: ID!) { customer(id: $id) { policies(first: 10) { edges { node { policyNumber participants { role name dateOfBirth relationship sharePercent order customer { fullName } } } } } } }`,
      { token: await app.token(Role.ADMIN), variables: { id: await idOf("customer", "H-1") } },
    );
    expect(res.body.errors).toBeUndefined();
    const withFamily = res.body.data!.customer.policies.edges.map((e: { node: { participants: unknown[] } }) => e.node).find((p: { participants: unknown[] }) => p.participants.length > 1);
    const who = withFamily.participants.map((p: { role: string; name: string | null; customer: { fullName: string } | null; sharePercent: number | null }) => `${p.role}:${p.customer?.fullName ?? p.name}:${p.sharePercent ?? "-"}`).sort();
    expect(who).toEqual(["BENEFICIARY:Sun Li:40", "BENEFICIARY:Zhao Min:100", "BENEFICIARY:Zhao Xin:60", "INSURED:Qian Yu:-", "PAYER:Qian Yu:-", "POLICYHOLDER:Zhao Lei:-"]);
  });

  it("refuses a row whose participants break a rule, on `participants`, without echoing a value, and writes nothing of it", async () => {
    const bad: [string, unknown[]][] = [
      ["B-1", [{ role: "BENEFICIARY", name: "Zhao Xin", share: 60 }, { role: "BENEFICIARY", customerSourceId: "H-3", share: 30 }]],
      ["B-2", [{ role: "POLICYHOLDER", customerSourceId: "H-2" }]],
      ["B-3", [{ role: "INSURED", customerSourceId: "H-2", name: "Qian Yu" }]],
      ["B-4", [{ role: "INSURED", customerSourceId: "H-404" }]],
      ["B-5", [{ role: "BENEFICIARY", name: "Zhao Xin", idType: "RESIDENT_ID", nationalId: `${CHILD_ID.slice(0, 17)}${CHILD_ID[17] === "0" ? "1" : "0"}`, share: 100 }]],
      ["B-6", [{ role: "PAYER", customerSourceId: "H-2", share: 10 }]],
      ["B-7", [{ role: "INSURED", customerSourceId: "H-2", dateOfBirth: "1990-01-01" }]],
      ["B-8", [{ role: "INSURED", name: "Wu Fang", hobby: "chess" }]],
    ];
    const problems = await refusedOn("participants", "bad.ndjson", bad.map(([id, participants]) => policy(id, participants)));
    expect(problems).toEqual([
      "participants: the shares of the beneficiaries of order 1 must sum to 100",
      "participants[0].role: the policyholder is the policy's customerSourceId, not a participant of the file",
      "participants[0] names a customer (customerSourceId) or a person who is no customer (name), one of the two",
      "participants[0].customerSourceId names no customer imported from CORE_PAS",
      "participants[0].nationalId: nationalId is not a valid resident id (GB 11643: 18 characters, birth date, check digit)",
      "participants[0].share is given for beneficiaries only",
      "participants[0]: a customer's birth date and identity are its customer record's; give them only with name",
      "participants[0] may hold only role, customerSourceId, name, dateOfBirth, idType, nationalId, relationship, share, order",
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/Zhao|Qian|Wu Fang|chess|H-404|11010120150801/);
  });

  it("counts the same file again unchanged, replaces the participants of a changed policy (event names participants) and clears them when the column is left empty", async () => {
    expect(await run("policies.ndjson", ndjson([policy("POL-1", FAMILY), policy("POL-2")]))).toMatchObject({ unchanged: 2, updated: 0 });
    const changed = await run("changed.ndjson", ndjson([policy("POL-1", [{ role: "BENEFICIARY", customerSourceId: "H-2", share: 100 }]), policy("POL-2", [])]));
    expect(changed).toMatchObject({ updated: 1, unchanged: 1, failed: 0 });
    expect(await participantsOf("POL-1")).toEqual([["BENEFICIARY", "H-2", null, 100, 1], ["POLICYHOLDER", "H-1", null, null, 1]]);
    const [event] = await app.db.query(`SELECT data FROM event_outbox WHERE type = 'policy.changed' AND data->>'policyId' = $1 ORDER BY position DESC LIMIT 1`, [await idOf("policy", "POL-1")]);
    expect(event.data.changedFields).toEqual(["participants"]);
    expect(await run("cleared.ndjson", ndjson([policy("POL-1")]))).toMatchObject({ updated: 1 });
    expect(await participantsOf("POL-1")).toEqual([["POLICYHOLDER", "H-1", null, null, 1]]);
  });

  it("writes a policy's insured objects: a vehicle, a property, and a person who is the file's INSURED participant", async () => {
    const job = await run("objects.ndjson", ndjson([policy("POL-3", [{ role: "BENEFICIARY", customerSourceId: "H-3", share: 100 }, { role: "INSURED", customerSourceId: "H-2" }], [CAR, HOME, { kind: "PERSON", insured: 1 }])]));
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    const policyId = await idOf("policy", "POL-3");
    const objects = await app.db.query(
      `SELECT o.kind, o.plate, o.vin, o.make, o.model, o.year, o.address, o.city, o.construction_year, o.sum_insured::float8 AS sum_insured, o.currency, p.role, k.source_id AS insured
         FROM insured_object o LEFT JOIN policy_participant p ON p.id = o.participant_id
         LEFT JOIN source_key k ON k.entity_kind = 'customer' AND k.record_id = p.participant_customer_id
        WHERE o.policy_id = $1 ORDER BY o.kind`,
      [policyId],
    );
    expect(objects).toEqual([
      { kind: "PERSON", plate: null, vin: null, make: null, model: null, year: null, address: null, city: null, construction_year: null, sum_insured: null, currency: "CNY", role: "INSURED", insured: "H-2" },
      { kind: "PROPERTY", plate: null, vin: null, make: null, model: null, year: null, address: HOME.address, city: "Beijing", construction_year: 2008, sum_insured: 400_000_000, currency: "CNY", role: null, insured: null },
      { kind: "VEHICLE", plate: "京A12345", vin: CAR.vin, make: "BYD", model: "Han", year: 2024, address: null, city: null, construction_year: null, sum_insured: 25_000_000, currency: "CNY", role: null, insured: null },
    ]);
    const res = await app.gql(`query ($id: ID!) { customer(id: $id) { policies(first: 10) { edges { node { id insuredObjects { kind plate vin make year sumInsured { amount } } } } } } }`, {
      token: await app.token(Role.ADMIN), variables: { id: await idOf("customer", "H-1") },
    });
    expect(res.body.errors).toBeUndefined();
    const node = res.body.data!.customer.policies.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === policyId);
    // ADMIN sees identity data masked (the policy table), imported values as any other
    expect(node.insuredObjects.find((o: { kind: string }) => o.kind === "VEHICLE")).toEqual({ kind: "VEHICLE", plate: "京A****5", vin: "LSV**************", make: "BYD", year: 2024, sumInsured: { amount: 25_000_000 } });
  });

  it("refuses objects that break a rule on `insuredObjects`, without echoing a value", async () => {
    const bad: [string, unknown[], unknown[]][] = [
      ["O-1", [], [{ ...CAR, vin: "LSVAU2180N21234O6" }]],
      ["O-2", [{ role: "BENEFICIARY", customerSourceId: "H-3", share: 100 }], [{ kind: "PERSON", insured: 0 }]],
      ["O-3", [], [{ ...CAR, address: "No. 8 Example Road" }]],
      ["O-4", [], [{ kind: "PERSON" }]],
      ["O-5", [], [{ ...HOME, constructionYear: 2999 }]],
    ];
    const problems = await refusedOn("insuredObjects", "bad-objects.ndjson", bad.map(([id, participants, objects]) => policy(id, participants, objects)));
    expect(problems).toEqual([
      "insuredObjects[0].vin must be 17 capital letters and digits without I, O and Q (ISO 3779)",
      "insuredObjects[0].insured must be the index (from 0) of an INSURED person in participants",
      "insuredObjects[0]: a VEHICLE may hold only kind, plate, vin, make, model, year, sumInsured",
      "insuredObjects[0].insured is required for a PERSON (the index of an INSURED person in participants)",
      `insuredObjects[0].constructionYear must be a year from 1800 to ${new Date().getUTCFullYear()}`,
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/LSVAU|Example Road|2999/);
  });

  it("counts the same objects again unchanged, and replaces changed ones (event names insuredObjects only)", async () => {
    const same = [policy("POL-3", [{ role: "BENEFICIARY", customerSourceId: "H-3", share: 100 }, { role: "INSURED", customerSourceId: "H-2" }], [CAR, HOME, { kind: "PERSON", insured: 1 }])];
    expect(await run("objects.ndjson", ndjson(same))).toMatchObject({ unchanged: 1, updated: 0 });
    const moved = [policy("POL-3", [{ role: "BENEFICIARY", customerSourceId: "H-3", share: 100 }, { role: "INSURED", customerSourceId: "H-2" }], [{ ...CAR, plate: "京B54321" }, { kind: "PERSON", insured: 1 }])];
    expect(await run("objects-moved.ndjson", ndjson(moved))).toMatchObject({ updated: 1 });
    const policyId = await idOf("policy", "POL-3");
    expect(await app.db.query(`SELECT kind, plate FROM insured_object WHERE policy_id = $1 ORDER BY kind`, [policyId])).toEqual([{ kind: "PERSON", plate: null }, { kind: "VEHICLE", plate: "京B54321" }]);
    const [event] = await app.db.query(`SELECT data FROM event_outbox WHERE type = 'policy.changed' AND data->>'policyId' = $1 ORDER BY position DESC LIMIT 1`, [policyId]);
    expect(event.data.changedFields).toEqual(["insuredObjects"]);
  });
});
