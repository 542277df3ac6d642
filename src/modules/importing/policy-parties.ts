import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { sealNationalIdWithKey } from "../customer/customer-identity.service";
import { ParticipantRole } from "../policy/policy-participant.entity";
import { insertRows, type WriteColumn } from "./batch-writes";
import type { PolicyRow } from "./policy-rows";

/**
 * The parts of an imported policy besides its columns and covers: the participants a file names
 * beside the policyholder and the insured objects. Both are written with a new policy (in its one
 * statement) and replaced when a known policy changes.
 */

/** policy_participant columns a file's participant is written to (the policyholder's row is derived from the policy). */
const PARTICIPANT_COLUMNS: WriteColumn[] = [
  ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["id", "id", "uuid"], ["role", "role", "varchar"],
  ["participantCustomerId", "participant_customer_id", "uuid"], ["name", "name", "varchar"], ["dateOfBirth", "date_of_birth", "date"],
  ["nationalIdEncrypted", "national_id_encrypted", "text"], ["nationalIdHash", "national_id_hash", "varchar"],
  ["relationship", "relationship", "varchar"], ["sharePercent", "share_percent", "smallint"], ["order", "ordinal", "smallint"],
];
const OBJECT_COLUMNS: WriteColumn[] = [
  ["policyId", "policy_id", "uuid"], ["customerId", "customer_id", "uuid"], ["kind", "kind", "varchar"], ["plate", "plate", "varchar"],
  ["vin", "vin", "varchar"], ["make", "make", "varchar"], ["model", "model", "varchar"], ["year", "year", "smallint"],
  ["address", "address", "varchar"], ["city", "city", "varchar"], ["region", "region", "varchar"], ["constructionYear", "construction_year", "smallint"],
  ["sumInsured", "sum_insured", "bigint"], ["currency", "currency", "varchar"], ["participantId", "participant_id", "uuid"],
];

/** A file's participant as written: its customer resolved, its national id sealed, its id chosen (a PERSON object points to it). */
export interface WrittenParticipant {
  id: string; role: string; participantCustomerId: string | null; name: string | null; dateOfBirth: string | null;
  nationalIdEncrypted: string | null; nationalIdHash: string | null; relationship: string | null; sharePercent: number | null; order: number;
}
/** An insured object as written (a person by its participant's id; the policy's currency). */
export type WrittenObject = Omit<PolicyRow["insuredObjects"][number], "insured"> & { currency: string; participantId: string | null };

export interface PolicyParties {
  participants: WrittenParticipant[];
  objects: WrittenObject[];
}

/** A row's parties as written: `customerIdOf` gives the customer a participant's source id names (resolved before, in the batch's look-up). */
export function partiesOf(row: PolicyRow, customerIdOf: (sourceId: string) => string, piiKey: string): PolicyParties {
  const participants = row.participants.map((p): WrittenParticipant => ({
    id: randomUUID(), role: p.role, participantCustomerId: p.customerSourceId === null ? null : customerIdOf(p.customerSourceId), name: p.name, dateOfBirth: p.dateOfBirth,
    ...(p.nationalId === null ? { nationalIdEncrypted: null, nationalIdHash: null } : sealNationalIdWithKey(piiKey, p.nationalId)),
    relationship: p.relationship, sharePercent: p.share, order: p.order,
  }));
  const objects = row.insuredObjects.map(({ insured, ...object }): WrittenObject => ({
    ...object, currency: row.columns.currency, participantId: insured === null ? null : participants[insured].id,
  }));
  return { participants, objects };
}

/** A staged new policy's parties as JSON, for `PARTIES_OF_STAGED`. */
export function stagedParties({ participants, objects }: PolicyParties): { participants: string; objects: string } {
  return { participants: JSON.stringify(participants), objects: JSON.stringify(objects) };
}

const recordOf = (columns: WriteColumn[]) => columns.slice(2).map(([field, , type]) => `"${field}" ${type}`).join(", ");
const valuesOf = (columns: WriteColumn[], alias: string) => columns.slice(2).map(([field]) => `${alias}."${field}"`).join(", ");
const namesOf = (columns: WriteColumn[]) => columns.map(([, column]) => column).join(", ");

/** CTE parts of the new policies' statement: the staged policies' (`staged`: id, customer_id, participants, objects) parties written. */
export const PARTIES_OF_STAGED = `
  participants AS (
    INSERT INTO policy_participant (${namesOf(PARTICIPANT_COLUMNS)})
    SELECT s.id, s.customer_id, ${valuesOf(PARTICIPANT_COLUMNS, "p")} FROM staged s CROSS JOIN LATERAL jsonb_to_recordset(s.participants) AS p(${recordOf(PARTICIPANT_COLUMNS)})
  ),
  objects AS (
    INSERT INTO insured_object (${namesOf(OBJECT_COLUMNS)})
    SELECT s.id, s.customer_id, ${valuesOf(OBJECT_COLUMNS, "o")} FROM staged s CROSS JOIN LATERAL jsonb_to_recordset(s.objects) AS o(${recordOf(OBJECT_COLUMNS)})
  )`;

/** What a participant is, without its row id or ciphertext: two lists compare by these (order-free). */
const participantFacts = (p: Omit<WrittenParticipant, "id" | "nationalIdEncrypted">) =>
  JSON.stringify([p.role, p.participantCustomerId, p.name, p.dateOfBirth, p.nationalIdHash, p.relationship, p.sharePercent, p.order]);
/** What an object is; a person by its participant's facts (participant ids change at every replacement). */
const objectFacts = (o: Omit<WrittenObject, "participantId" | "currency">, person: string | null) =>
  JSON.stringify([o.kind, o.plate, o.vin, o.make, o.model, o.year, o.address, o.city, o.region, o.constructionYear, o.sumInsured, person]);
const signature = (facts: string[]) => facts.sort().join("|");

type StoredParticipant = Omit<WrittenParticipant, "nationalIdEncrypted"> & { policyId: string };
type StoredObject = Omit<WrittenObject, "currency"> & { policyId: string };

/**
 * Replaces the parties of changed policies (each DELETE read through a CTE: drivers answer a bare
 * DELETE's RETURNING in different shapes) (participants besides the policyholder, and insured
 * objects) with the file's: three statements for the batch (the objects' delete, the participants'
 * delete, the inserts). Answers per policy which of `participants` and `insuredObjects` now differ.
 */
export async function replaceParties(manager: EntityManager, policies: { id: string; customerId: string; parties: PolicyParties }[]): Promise<Map<string, string[]>> {
  const ids = policies.map((policy) => policy.id);
  const objectsBefore: StoredObject[] = await manager.query(
    `WITH gone AS (DELETE FROM insured_object WHERE policy_id = ANY($1::uuid[]) RETURNING *)
     SELECT policy_id AS "policyId", kind, plate, vin, make, model, year, address, city, region, construction_year AS "constructionYear",
            sum_insured::float8 AS "sumInsured", participant_id AS "participantId" FROM gone`,
    [ids],
  );
  const participantsBefore: StoredParticipant[] = await manager.query(
    `WITH gone AS (DELETE FROM policy_participant WHERE policy_id = ANY($1::uuid[]) AND role <> $2 RETURNING *)
     SELECT policy_id AS "policyId", id, role, participant_customer_id AS "participantCustomerId", name, date_of_birth::text AS "dateOfBirth",
            national_id_hash AS "nationalIdHash", relationship, share_percent AS "sharePercent", ordinal AS "order" FROM gone`,
    [ids, ParticipantRole.POLICYHOLDER],
  );
  await insertRows(manager, "policy_participant", PARTICIPANT_COLUMNS, policies.flatMap(({ id, customerId, parties }) => parties.participants.map((p) => ({ ...p, policyId: id, customerId }))));
  await insertRows(manager, "insured_object", OBJECT_COLUMNS, policies.flatMap(({ id, customerId, parties }) => parties.objects.map((o) => ({ ...o, policyId: id, customerId }))));
  // what each policy held before, by policy (one pass over the deleted rows)
  const factsById = new Map(participantsBefore.map((p) => [p.id, participantFacts(p)]));
  const before = new Map(ids.map((id) => [id, { participants: [] as string[], objects: [] as string[] }]));
  for (const p of participantsBefore) before.get(p.policyId)!.participants.push(factsById.get(p.id)!);
  for (const o of objectsBefore) before.get(o.policyId)!.objects.push(objectFacts(o, o.participantId === null ? null : (factsById.get(o.participantId) ?? null)));
  const changed = new Map<string, string[]>();
  for (const { id, parties } of policies) {
    const now = new Map(parties.participants.map((p) => [p.id, participantFacts(p)]));
    const after = parties.objects.map((o) => objectFacts(o, o.participantId === null ? null : now.get(o.participantId)!));
    const names: string[] = [];
    if (signature(before.get(id)!.participants) !== signature([...now.values()])) names.push("participants");
    if (signature(before.get(id)!.objects) !== signature(after)) names.push("insuredObjects");
    changed.set(id, names);
  }
  return changed;
}
