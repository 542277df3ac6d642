import { RelationshipKind } from "../household/relationship.entity";
import type { CheckedRow } from "./import-kind";
import { problemCollector } from "./row-checks";
import { typedRecord, type SourceColumn } from "./source-columns";

/** The relationship file's columns (README "Loading your data"): households and employers, named as linkRelationship names them. */
export const RELATIONSHIP_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "PAS-REL-000042", description: "The link's id in the source system (1–100 characters); the import upserts on it" },
  { name: "customerSourceId", type: "text", required: true, example: "PAS-000123", description: "One customer's sourceId in the same source system (imported before as a customer); no such customer, an erased one, or another customer than before: the row fails on this column" },
  { name: "relatedCustomerSourceId", type: "text", required: true, example: "PAS-000124", description: "The other customer's sourceId in the same source system, not the same customer; another customer than before fails the row (a link does not change its customers: send a new record)" },
  { name: "kind", type: RelationshipKind, required: true, example: "SPOUSE", description: "How the related customer stands to the customer (CHILD: the related customer is the customer's child); the reverse link (PARENT) is written with it, as linkRelationship writes both" },
];

/** A valid link between two customers of the file's source system (resolved by the writer). */
export interface RelationshipRow {
  sourceId: string;
  customerSourceId: string;
  relatedCustomerSourceId: string;
  kind: RelationshipKind;
  content: string;
}

/** Checks one link: two distinct customers' source ids and a kind. */
export function relationshipRow(values: Record<string, unknown>): CheckedRow<RelationshipRow> {
  const { input, sourceId, problems } = typedRecord(RELATIONSHIP_COLUMNS, values);
  const problem = problemCollector(problems);
  const text = (name: string) => input[name] as string | undefined;
  for (const name of ["customerSourceId", "relatedCustomerSourceId"]) if ((text(name)?.length ?? 0) > 100) problem(name, `${name} must be 1–100 characters`);
  if (text("customerSourceId") !== undefined && text("customerSourceId") === text("relatedCustomerSourceId")) {
    problem("relatedCustomerSourceId", "a customer is not related to itself");
  }
  if (problems.length > 0) return { sourceId, problems };
  const row = { customerSourceId: text("customerSourceId")!, relatedCustomerSourceId: text("relatedCustomerSourceId")!, kind: input.kind as RelationshipKind };
  return { row: { sourceId: sourceId!, ...row, content: JSON.stringify(Object.values(row)) } };
}
