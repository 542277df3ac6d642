import type { EntityManager } from "typeorm";
import { SourceEntityKind } from "../source/source-key.entity";
import { KEYS_OF_SOURCE_IDS } from "./batch-writes";

/** A customer that a row of another kind names by its source id (`customerSourceId`). */
export interface ReferencedCustomer {
  source_id: string;
  id: string;
  erased: boolean;
}

/**
 * The customers one source system sent under these source ids, erased ones flagged: every kind
 * that belongs to a customer (policies, interactions, complaints) names it so, and only within
 * the system that sent the customer (another system's ids are another namespace).
 */
export async function customersBySourceId(manager: EntityManager, sourceSystem: string, sourceIds: string[]): Promise<Map<string, ReferencedCustomer>> {
  const rows: ReferencedCustomer[] = await manager.query(
    `SELECT k.source_id, c.id, c.erased_at IS NOT NULL AS erased FROM ${KEYS_OF_SOURCE_IDS} JOIN customer c ON c.id = k.record_id`,
    [SourceEntityKind.CUSTOMER, sourceSystem, [...new Set(sourceIds)]],
  );
  return new Map(rows.map((row) => [row.source_id, row]));
}

/** A policy a claim or an instalment names, with what the record is checked against (period, sum insured, currency) and its holder. */
export interface ReferencedPolicy {
  source_id: string;
  id: string;
  customer_id: string;
  erased: boolean;
  start_date: string;
  end_date: string;
  sum_insured: string;
  currency: string;
}

/** The policies one source system sent under these source ids, with their holders (erased ones flagged). */
export function policiesBySourceId(manager: EntityManager, sourceSystem: string, sourceIds: string[]): Promise<ReferencedPolicy[]> {
  return manager.query(
    `SELECT k.source_id, p.id, p.customer_id, c.erased_at IS NOT NULL AS erased, p.start_date::text AS start_date, p.end_date::text AS end_date,
            p.sum_insured::text AS sum_insured, p.currency
     FROM ${KEYS_OF_SOURCE_IDS} JOIN policy p ON p.id = k.record_id JOIN customer c ON c.id = p.customer_id`,
    [SourceEntityKind.POLICY, sourceSystem, [...new Set(sourceIds)]],
  );
}

/**
 * Why a row cannot be applied to the customer it names (null: it can), in the role the customer
 * plays for that record (policyholder, customer, claimant): no such customer in the system, or
 * one erased on request (a reload must not bring an erased person's records back).
 */
export function customerProblem(customer: { erased: boolean } | undefined, sourceSystem: string, role: string, column = "customerSourceId"): string | null {
  if (!customer) return `${column} names no customer imported from ${sourceSystem}`;
  if (customer.erased) return `the ${role} was erased on request; the source record is not applied`;
  return null;
}

/** A known key of a kind and the record it was imported as (null: the record was deleted since), with the record's customer. */
export interface KnownRecord {
  key_id: string;
  source_id: string;
  content_digest: string | null;
  record_id: string | null;
  customer_id: string | null;
}

/**
 * The keys this system already sent for these source ids, joined to their records (alias `r`,
 * with `also` columns of it): each upsert tells new, unchanged and changed rows apart by them.
 */
export function knownRecords<Known extends KnownRecord>(
  manager: EntityManager,
  kind: SourceEntityKind,
  sourceSystem: string,
  sourceIds: string[],
  also = "",
): Promise<Known[]> {
  return manager.query(
    `SELECT k.id AS key_id, k.source_id, k.content_digest, r.id AS record_id, r.customer_id${also ? `, ${also}` : ""}
     FROM ${KEYS_OF_SOURCE_IDS} LEFT JOIN ${kind} r ON r.id = k.record_id`,
    [kind, sourceSystem, sourceIds],
  );
}

/**
 * Why a known key's row cannot be applied (null: it can): its record was deleted here, or it
 * belongs to another customer than the row now names. Records never change customer by import:
 * every customer-owned table is keyed by customer and row scope reads that key, so a move is a
 * business operation of its own, not a reload.
 */
export function keyProblem(
  known: KnownRecord | undefined,
  customerId: string | undefined,
  noun: string,
  column: string,
  /** What the customer is to the record, in the refusal's words (a policy's policyholder). */
  holder = "customer",
): { field: string | null; problem: string } | null {
  if (!known) return null;
  if (!known.record_id) return { field: null, problem: `the ${noun} this source id was imported as no longer exists here; the source record is not applied` };
  if (customerId !== undefined && known.customer_id !== customerId) {
    return { field: column, problem: `the ${noun} belongs to another ${holder} here; a change of ${holder} is not applied by import` };
  }
  return null;
}
