import { CUSTOMER_COLUMNS, customerRow } from "./customer-rows";
import { upsertCustomers } from "./customer-upsert";
import { importKind, type ImportKind } from "./import-kind";
import { POLICY_COLUMNS, policyRow } from "./policy-rows";
import { upsertPolicies } from "./policy-upsert";

/** The kinds of record a file may hold (`--entity`), each described once for the one job runner. */
const KINDS: ImportKind[] = [
  importKind({
    entity: "customers", references: [], columns: CUSTOMER_COLUMNS, check: customerRow, upsert: upsertCustomers,
    touchedCustomers: "c.created_at >= $1 OR c.updated_at >= $1",
  }),
  importKind({
    entity: "policies", references: ["customers"], columns: POLICY_COLUMNS, check: policyRow, upsert: upsertPolicies,
    touchedCustomers: "EXISTS (SELECT 1 FROM policy p WHERE p.customer_id = c.id AND (p.created_at >= $1 OR p.updated_at >= $1))",
  }),
];

export const IMPORT_KINDS: Readonly<Record<string, ImportKind>> = Object.fromEntries(KINDS.map((kind) => [kind.entity, kind]));
export const IMPORT_ENTITIES = KINDS.map((kind) => kind.entity);
