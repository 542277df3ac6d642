import { configurePiiKey } from "../shared/pii-crypto";
import type { DataSource, EntityManager } from "typeorm";
import { Claim } from "../modules/claim/claim.entity";
import { ClaimEvent } from "../modules/claim/claim-event.entity";
import { Consent } from "../modules/consent/consent.entity";
import { Customer } from "../modules/customer/customer.entity";
import { Relationship } from "../modules/household/relationship.entity";
import { Complaint } from "../modules/interaction/complaint.entity";
import { Interaction } from "../modules/interaction/interaction.entity";
import { Coverage } from "../modules/policy/coverage.entity";
import { Policy } from "../modules/policy/policy.entity";
import { InsuredObject } from "../modules/policy/insured-object.entity";
import { PolicyParticipant } from "../modules/policy/policy-participant.entity";
import { PremiumInstalment } from "../modules/policy/premium-instalment.entity";
import { Product } from "../modules/product/product.entity";
import { OfferResponse } from "../modules/recommendation/offer-response.entity";
import { RiskAssessment } from "../modules/risk/risk-assessment.entity";
import { StaffUser } from "../modules/staff/staff.entity";
import { generateBatch } from "./batch";
import { openComplaintCases } from "../modules/service-desk/complaint-cases";
import { sweepTaskRules } from "../modules/tasks/task-sweep";
import { insertRows } from "../db/bulk-insert";
import { PRODUCTS, productRow } from "./catalogue";
import { startOfUtcDay } from "./clock";
import { createSeedContext } from "./context";
import { CustomerPlanner } from "./customers";
import type { SeedBatch } from "./model";
import { staffDirectory, staffRows } from "./staff";
import { seedSegments } from "./segments";
import { seedHealthDeclarations } from "./health";
import { storeAllMatchKeys } from "../modules/identity/record-matching";

export { SEED_USERNAMES, INACTIVE_AGENT_USERNAME, agentCount } from "./staff";

export interface SeedOptions {
  customers: number;
  seed: number;
  /** Empty every table except the append-only audit trail first. */
  reset?: boolean;
  piiKey: string;
  /** All generated times are relative to this; defaults to today 00:00 UTC so a day's runs agree. */
  now?: Date;
  /** Told after each batch of customers (and once more when the rest — cases, tasks, match keys, segments — is done). */
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  /** Units loaded so far, of `of`. */
  done: number;
  of: number;
  /** What is counted: customers (the direct load) or records of every file (through the importer). */
  unit: "customers" | "records";
  /** "loading" while the units load, then "finishing" (what the rules derive, the segments). */
  phase: "loading" | "finishing";
  millis: number;
}

export interface SeedReport {
  customers: number;
  staff: number;
  products: number;
  policies: number;
  coverages: number;
  participants: number;
  insuredObjects: number;
  instalments: number;
  claims: number;
  claimEvents: number;
  interactions: number;
  complaints: number;
  cases: number;
  tasks: number;
  consents: number;
  riskAssessments: number;
  relationships: number;
  offerResponses: number;
  millis: number;
}

/** Customers generated and inserted at a time, so memory stays flat for large runs. */
const BATCH_SIZE = 1_000;
const KEPT_ON_RESET = new Set(["audit_entry"]);

export class SeedRefusedError extends Error {}

export async function hasCustomers(manager: EntityManager): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM "customer" LIMIT 1`);
  return rows.length > 0;
}

/** Empties the database (reset) or refuses one that holds customers. */
export async function prepare(manager: EntityManager, reset: boolean): Promise<void> {
  if (reset) {
    // stored tables only: an entity over a view (policy_change) is not synchronized and holds no rows of its own
    const tables = manager.connection.entityMetadatas.filter((m) => m.synchronize).map((m) => m.tableName).filter((table) => !KEPT_ON_RESET.has(table));
    await manager.query(`TRUNCATE TABLE ${tables.map((table) => `"${table}"`).join(", ")} CASCADE`);
  } else if (await hasCustomers(manager)) {
    throw new SeedRefusedError("The database already holds customers; seeding refused. Use reset (--reset) to empty it first (the audit trail is kept).");
  }
}

async function insertBatch(manager: EntityManager, batch: SeedBatch, report: SeedReport): Promise<void> {
  report.customers += await insertRows(manager, Customer, batch.customers);
  report.relationships += await insertRows(manager, Relationship, batch.relationships);
  report.consents += await insertRows(manager, Consent, batch.consents);
  report.policies += await insertRows(manager, Policy, batch.policies);
  report.coverages += await insertRows(manager, Coverage, batch.coverages);
  report.participants += await insertRows(manager, PolicyParticipant, batch.participants);
  report.insuredObjects += await insertRows(manager, InsuredObject, batch.insuredObjects);
  report.instalments += await insertRows(manager, PremiumInstalment, batch.instalments);
  report.claims += await insertRows(manager, Claim, batch.claims);
  report.claimEvents += await insertRows(manager, ClaimEvent, batch.claimEvents);
  report.interactions += await insertRows(manager, Interaction, batch.interactions);
  report.complaints += await insertRows(manager, Complaint, batch.complaints);
  report.riskAssessments += await insertRows(manager, RiskAssessment, batch.riskAssessments);
  report.offerResponses += await insertRows(manager, OfferResponse, batch.offerResponses);
}

/** The staff and the product catalogue: what no source system's file brings (both paths of the seed write them). */
export async function seedStaffAndCatalogue(manager: EntityManager, staff: ReturnType<typeof staffRows>): Promise<{ staff: number; products: number }> {
  return {
    staff: await insertRows(manager, StaffUser, staff, { skipExisting: true }),
    products: await insertRows(manager, Product, PRODUCTS.map(productRow), { skipExisting: true }),
  };
}

/** What the rules derive from the seeded history (cases, tasks, health declarations) and the segments, in the caller's transaction. */
export async function seedDerived(manager: EntityManager, now: Date): Promise<{ cases: number; tasks: number }> {
  const cases = (await openComplaintCases(manager, now, null)).length;
  // the task rules raise the follow-ups the seeded history calls for, quietly as every seeded record
  const tasks = await sweepTaskRules(manager, now, { announce: false });
  await seedHealthDeclarations(manager, now);
  return { cases, tasks };
}

/**
 * Loads deterministic demo data: the same (seed, customers, now) gives the same rows, ids and
 * times included (only the national id ciphertexts differ: their nonces are random). One
 * transaction, so a failure leaves nothing behind.
 */
export async function seedDatabase(db: DataSource, options: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(options.customers) || options.customers < 0) throw new RangeError("customers must be a non-negative integer");
  if (!Number.isInteger(options.seed)) throw new RangeError("seed must be an integer");
  const started = performance.now();
  configurePiiKey(options.piiKey);
  const now = options.now ?? startOfUtcDay(new Date());
  const report = await db.transaction(async (manager) => {
    await prepare(manager, options.reset ?? false);
    const staff = staffRows(options.customers, now);
    const context = createSeedContext(options.seed, options.piiKey, now, staffDirectory(staff));
    const counts: SeedReport = {
      customers: 0, staff: 0, products: 0, policies: 0, coverages: 0, participants: 0, insuredObjects: 0, instalments: 0, claims: 0, claimEvents: 0, interactions: 0,
      complaints: 0, cases: 0, tasks: 0, consents: 0, riskAssessments: 0, relationships: 0, offerResponses: 0, millis: 0,
    };
    Object.assign(counts, await seedStaffAndCatalogue(manager, staff));
    const planner = new CustomerPlanner(context, options.customers);
    const progress = (phase: SeedProgress["phase"]) =>
      options.onProgress?.({ done: counts.customers, of: options.customers, unit: "customers", phase, millis: Math.round(performance.now() - started) });
    while (!planner.done) {
      await insertBatch(manager, generateBatch(context, planner.nextBatch(BATCH_SIZE)), counts);
      progress("loading");
    }
    progress("finishing");
    Object.assign(counts, await seedDerived(manager, now));
    // demo customers stand for records created here: each carries the customer360 key the API gives
    await manager.query(
      `INSERT INTO source_key (entity_kind, record_id, source_system, source_id, first_seen_at, last_seen_at)
       SELECT 'customer', id, 'customer360', id::text, created_at, created_at FROM customer ON CONFLICT DO NOTHING`,
    );
    await storeAllMatchKeys(manager, context.cipher);
    await seedSegments(manager, now);
    return counts;
  });
  await db.query("ANALYZE"); // planner statistics now: autovacuum may be off, and the embedded database has none
  return { ...report, millis: Math.round(performance.now() - started) };
}

/** Seeds demo data on first start: only when there is no customer yet. */
export async function seedDemoIfEmpty(db: DataSource, options: Pick<SeedOptions, "customers" | "seed" | "piiKey" | "onProgress">): Promise<SeedReport | null> {
  if (await hasCustomers(db.manager)) return null;
  return seedDatabase(db, options);
}
