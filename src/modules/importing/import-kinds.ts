import { CASE_COLUMNS, caseRow } from "./case-rows";
import { upsertCases } from "./case-upsert";
import { CLAIM_COLUMNS, claimRow } from "./claim-rows";
import { upsertClaims } from "./claim-upsert";
import { COMPLAINT_COLUMNS, complaintRow } from "./complaint-rows";
import { upsertComplaints } from "./complaint-upsert";
import { CONSENT_COLUMNS, consentRow } from "./consent-rows";
import { upsertConsents } from "./consent-upsert";
import { CUSTOMER_COLUMNS, customerRow } from "./customer-rows";
import { prepareCustomers, upsertCustomers } from "./customer-upsert";
import { importKind, type ImportKind } from "./import-kind";
import { INSTALMENT_COLUMNS, instalmentRow } from "./instalment-rows";
import { upsertInstalments } from "./instalment-upsert";
import { INTERACTION_COLUMNS, interactionRow } from "./interaction-rows";
import { upsertInteractions } from "./interaction-upsert";
import { POLICY_COLUMNS, policyRow } from "./policy-rows";
import { RELATIONSHIP_COLUMNS, relationshipRow } from "./relationship-rows";
import { upsertRelationships } from "./relationship-upsert";
import { upsertPolicies } from "./policy-upsert";
import { KEY_TABLE_VACUUM_EVERY, refreshKeyTable } from "../identity/record-matching";

/** The kinds of record a file may hold (`--entity`), each described once for the one job runner. */
const KINDS: ImportKind[] = [
  importKind({
    entity: "customers", references: [], columns: CUSTOMER_COLUMNS, check: customerRow, prepare: prepareCustomers, upsert: upsertCustomers,
    assessesRisk: true,
    upkeep: { rows: KEY_TABLE_VACUUM_EVERY, run: refreshKeyTable }, // every written customer is matched
  }),
  importKind({
    entity: "policies", references: ["customers"], columns: POLICY_COLUMNS, check: policyRow, upsert: upsertPolicies,
    assessesRisk: true,
  }),
  importKind({
    entity: "claims", references: ["policies"], columns: CLAIM_COLUMNS, check: claimRow, upsert: upsertClaims,
    assessesRisk: true, // claims (time, amount, fraud score) feed the risk model
  }),
  importKind({
    entity: "instalments", references: ["policies"], columns: INSTALMENT_COLUMNS, check: instalmentRow, upsert: upsertInstalments,
    assessesRisk: true, // an unpaid instalment past its grace period is the overdue-premium factor
  }),
  importKind({
    entity: "relationships", references: ["customers"], columns: RELATIONSHIP_COLUMNS, check: relationshipRow, upsert: upsertRelationships,
    assessesRisk: false, // household links are no risk facts
  }),
  importKind({
    entity: "consents", references: ["customers"], columns: CONSENT_COLUMNS, check: consentRow, upsert: upsertConsents,
    assessesRisk: false, // consent decides what may be done with the data, not the risk
  }),
  importKind({
    entity: "interactions", references: ["customers"], columns: INTERACTION_COLUMNS, check: interactionRow, upsert: upsertInteractions,
    assessesRisk: false, // service contacts are no risk facts
  }),
  importKind({
    entity: "complaints", references: ["customers", "interactions"], columns: COMPLAINT_COLUMNS, check: complaintRow, upsert: upsertComplaints,
    assessesRisk: true, // complaints of the last 90 days feed the risk model
  }),
  importKind({
    entity: "cases", references: ["customers", "interactions"], columns: CASE_COLUMNS, check: caseRow, upsert: upsertCases,
    assessesRisk: false, // service requests are no risk facts
  }),
];

export const IMPORT_KINDS: Readonly<Record<string, ImportKind>> = Object.fromEntries(KINDS.map((kind) => [kind.entity, kind]));
export const IMPORT_ENTITIES = KINDS.map((kind) => kind.entity);

/** Every kind an entity's rows depend on, directly or through others (claims → policies → customers). */
function dependencies(entity: string, seen = new Set<string>()): Set<string> {
  for (const referenced of IMPORT_KINDS[entity].references) {
    if (!seen.has(referenced)) dependencies(referenced, seen.add(referenced));
  }
  return seen;
}

/**
 * The entities (one per file; an entity may repeat) in an order in which every row finds what it
 * references: each comes after the entities it depends on, directly or not (claims after
 * customers even without policies among them), and otherwise keeps its given place. Lets the CLI
 * take several files in any order. An unknown entity is an error: its references are unknown.
 */
export function importOrder(entities: string[]): string[] {
  const unknown = entities.filter((entity) => !Object.hasOwn(IMPORT_KINDS, entity));
  if (unknown.length > 0) throw new Error(`unknown import entity ${unknown.join(", ")}; the entities are ${IMPORT_ENTITIES.join(", ")}`);
  const waiting = [...entities];
  const ordered: string[] = [];
  while (waiting.length > 0) {
    // the first waiting entity none of whose dependencies still waits (there is one: the references form no cycle)
    const next = waiting.findIndex((entity) => ![...dependencies(entity)].some((dependency) => waiting.includes(dependency)));
    if (next < 0) throw new Error(`the references of ${waiting.join(", ")} form a cycle`);
    ordered.push(...waiting.splice(next, 1));
  }
  return ordered;
}
