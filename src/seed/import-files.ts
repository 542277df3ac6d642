import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { ParticipantRole } from "../modules/policy/policy-participant.entity";
import { REVERSE_KIND } from "../modules/household/household-write.service";
import { importOrder } from "../modules/importing/import-kinds";
import { generateBatch } from "./batch";
import { startOfUtcDay } from "./clock";
import { createSeedContext, type SeedContext } from "./context";
import { CustomerPlanner } from "./customers";
import type { CustomerRow, SeedBatch } from "./model";
import { staffDirectory, staffRows } from "./staff";

/**
 * The demo book as the insurer's systems would send it: the seed's generated customers and what
 * they own, written as import files (NDJSON, one per entity, the columns of README "Loading your
 * data"), each record keyed by the generated row's id. `npm run seed -- --files DIR` writes them;
 * `npm run import` loads them. What no source system sends is left out: staff and the product
 * catalogue (seeded), risk assessments (the import re-assesses), offer responses (answers given in
 * the 360), health declarations, and erased customers (erasure is the 360's own act).
 *
 * For the seed through the importer (`afterImport`), the customers file also carries the erased
 * customers as they were before (their consents up to the erasure), and three more files hold
 * what the seed writes after the jobs, keyed by the same source ids: `erasures` (who was erased
 * when), `offer-responses` and `risk-history` (the assessments before the import's own).
 */
export interface SeedFilesOptions {
  customers: number;
  seed: number;
  piiKey: string;
  now?: Date;
  /** Also write the erased customers and the after-import files (the seed through the importer). */
  afterImport?: boolean;
}

/** The files the seed through the importer applies after the jobs (not import kinds). */
export const AFTER_IMPORT_FILES = ["erasures", "offer-responses", "risk-history"] as const;
export type AfterImportFile = (typeof AFTER_IMPORT_FILES)[number];

/** The file of each entity, in the order `importOrder` gives. */
export const SEED_FILE_ENTITIES = importOrder(["customers", "relationships", "consents", "policies", "instalments", "claims", "interactions", "complaints"]);

const BATCH_SIZE = 1_000;
const iso = (at: Date | null) => (at === null ? undefined : at.toISOString());
/** A record without its empty values (empty = not given, as in a file). */
const compact = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));

/** A customer row as the customers file carries it. */
function customerRecord(c: CustomerRow, clear: (sealed: string | null) => string | null, usernameOf: Map<string, string>): Record<string, unknown> {
  return compact({
    sourceId: c.id, kind: c.kind, fullName: c.fullName, gender: c.gender, dateOfBirth: c.dateOfBirth, idType: c.idType, nationalId: clear(c.nationalIdEncrypted),
    email: c.email, phone: c.phone, address: c.address, city: c.city, region: c.region, occupation: c.occupation, occupationClass: c.occupationClass,
    annualIncome: c.annualIncome, maritalStatus: c.maritalStatus, dependents: c.dependents, serviceTier: c.serviceTier, riskPreference: c.riskPreference,
    preferredChannel: c.preferredChannel, agent: c.assignedAgentId === null ? null : usernameOf.get(c.assignedAgentId), customerSince: c.createdAt.toISOString().slice(0, 10),
  });
}

/**
 * One batch's records per entity; `live` holds the ids of the customers the files carry (erased
 * ones are not sent, unless `afterImport`: then as they were, with the after-import records).
 */
function recordsOf(context: SeedContext, batch: SeedBatch, usernameOf: Map<string, string>, afterImport: boolean): Record<string, Record<string, unknown>[]> {
  const live = new Set(batch.customers.filter((c) => c.erasedAt === null).map((c) => c.id));
  // the erased customers the files carry (afterImport only), by id: as they were, and when they were erased
  const erased = new Map(afterImport ? batch.erasures.map((e) => [e.before.id, e]) : []);
  const clear = (sealed: string | null) => (sealed === null ? null : context.cipher.decrypt(sealed));
  // in the generator's order: an erased customer where it was made, as it was before the erasure
  const customers = batch.customers.filter((c) => live.has(c.id) || erased.has(c.id)).map((c) => customerRecord(erased.get(c.id)?.before ?? c, clear, usernameOf));
  // an erased customer's consents up to the erasure (the erasure withdraws every purpose itself)
  const sentConsent = (c: SeedBatch["consents"][number]) => live.has(c.customerId) || c.recordedAt < (erased.get(c.customerId)?.erasedAt ?? c.recordedAt);
  // each link once: the seed holds both directions
  const sent = new Set<string>();
  const relationships = batch.relationships.filter((r) => live.has(r.customerId) && live.has(r.relatedCustomerId)).flatMap((r) => {
    if (sent.has(`${r.relatedCustomerId}:${r.customerId}:${REVERSE_KIND[r.kind]}`)) return [];
    sent.add(`${r.customerId}:${r.relatedCustomerId}:${r.kind}`);
    return [{ sourceId: r.id, customerSourceId: r.customerId, relatedCustomerSourceId: r.relatedCustomerId, kind: r.kind }];
  });
  const policies = batch.policies.filter((p) => live.has(p.customerId));
  const policyIds = new Set(policies.map((p) => p.id));
  const participantsOf = new Map<string, SeedBatch["participants"]>();
  for (const p of batch.participants) if (p.role !== ParticipantRole.POLICYHOLDER) participantsOf.set(p.policyId, [...(participantsOf.get(p.policyId) ?? []), p]);
  const objectsOf = new Map<string, SeedBatch["insuredObjects"]>();
  for (const o of batch.insuredObjects) objectsOf.set(o.policyId, [...(objectsOf.get(o.policyId) ?? []), o]);
  const coversOf = new Map<string, SeedBatch["coverages"]>();
  for (const c of batch.coverages) coversOf.set(c.policyId, [...(coversOf.get(c.policyId) ?? []), c]);
  const eventsOf = new Map<string, SeedBatch["claimEvents"]>();
  for (const e of batch.claimEvents) eventsOf.set(e.claimId, [...(eventsOf.get(e.claimId) ?? []), e]);
  const interactionIds = new Set(batch.interactions.filter((i) => live.has(i.customerId)).map((i) => i.id));
  return {
    customers,
    relationships,
    consents: batch.consents.filter(sentConsent).map((c) => compact({
      sourceId: c.id, customerSourceId: c.customerId, purpose: c.purpose, granted: c.granted, channel: c.channel, contactChannel: c.contactChannel, recordedAt: iso(c.recordedAt),
    })),
    policies: policies.map((p) => {
      const participants = participantsOf.get(p.id) ?? [];
      return compact({
        sourceId: p.id, customerSourceId: p.customerId, policyNumber: p.policyNumber, productCode: p.productCode, status: p.status, premium: p.premium,
        currency: p.currency, premiumFrequency: p.premiumFrequency, sumInsured: p.sumInsured, startDate: p.startDate, endDate: p.endDate,
        renewalDate: p.renewalDate, salesChannel: p.salesChannel,
        coverages: (coversOf.get(p.id) ?? []).map((c) => ({ kind: c.kind, limit: c.limitAmount, deductible: c.deductible })),
        participants: participants.map((x) => {
          // a customer by key; a named person with what the seed gave them (their ids are resident ids)
          const person = x.participantCustomerId === null ? { name: x.name, dateOfBirth: x.dateOfBirth, nationalId: clear(x.nationalIdEncrypted) } : {};
          return compact({
            role: x.role, customerSourceId: x.participantCustomerId, ...person, idType: "nationalId" in person && person.nationalId !== null ? "RESIDENT_ID" : null,
            relationship: x.relationship, share: x.sharePercent, order: x.order,
          });
        }),
        insuredObjects: (objectsOf.get(p.id) ?? []).map((o) => compact({
          kind: o.kind, plate: o.plate, vin: o.vin, make: o.make, model: o.model, year: o.year, address: o.address, city: o.city, region: o.region,
          constructionYear: o.constructionYear, sumInsured: o.sumInsured, insured: o.participantId === null ? null : participants.findIndex((x) => x.id === o.participantId),
        })),
      });
    }),
    instalments: batch.instalments.filter((i) => policyIds.has(i.policyId)).map((i) => compact({
      sourceId: i.id, policySourceId: i.policyId, dueDate: i.dueDate, amount: i.amount, currency: i.currency, paidAt: iso(i.paidAt),
    })),
    claims: batch.claims.filter((c) => policyIds.has(c.policyId)).map((c) => compact({
      sourceId: c.id, policySourceId: c.policyId, claimNumber: c.claimNumber, kind: c.kind, incidentDate: c.incidentDate, reportedAt: iso(c.reportedAt),
      status: c.status, claimedAmount: c.claimedAmount, approvedAmount: c.approvedAmount, paidAmount: c.paidAmount, currency: c.currency, description: c.description,
      adjuster: c.assignedAdjusterId === null ? null : usernameOf.get(c.assignedAdjusterId),
      events: (eventsOf.get(c.id) ?? []).map((e) => compact({ status: e.toStatus, at: iso(e.occurredAt), note: e.note })),
    })),
    interactions: batch.interactions.filter((i) => interactionIds.has(i.id)).map((i) => compact({
      sourceId: i.id, customerSourceId: i.customerId, kind: i.kind, direction: i.direction, channel: i.channel, subject: i.subject, notes: i.notes,
      occurredAt: iso(i.occurredAt), firstResponseAt: iso(i.firstResponseAt), resolvedAt: iso(i.resolvedAt), satisfaction: i.satisfaction,
      handledBy: i.staffId === null ? null : usernameOf.get(i.staffId),
    })),
    complaints: batch.complaints.filter((c) => interactionIds.has(c.interactionId)).map((c) => compact({
      sourceId: c.id, customerSourceId: c.customerId, interactionSourceId: c.interactionId, category: c.category, severity: c.severity, status: c.status,
      receivedAt: iso(c.receivedAt), dueAt: iso(c.dueAt), resolvedAt: iso(c.resolvedAt), resolution: c.resolution, escalationReason: c.escalationReason,
    })),
    ...(afterImport ? afterImportRecords(batch) : {}),
  };
}

/** What the seed writes after the jobs, keyed by the customers' source ids. */
function afterImportRecords(batch: SeedBatch): Record<AfterImportFile, Record<string, unknown>[]> {
  return {
    erasures: batch.erasures.map((e) => ({ customerSourceId: e.before.id, erasedAt: e.erasedAt.toISOString() })),
    "offer-responses": batch.offerResponses.map(({ customerId, ...answer }) => ({ ...answer, customerSourceId: customerId })),
    "risk-history": batch.riskAssessments.map(({ customerId, ...assessment }) => ({ ...assessment, customerSourceId: customerId })),
  };
}

/** A file written, with its record count. */
export interface SeedFile {
  entity: string;
  file: string;
  records: number;
}

/**
 * Writes the demo book of (customers, seed, now) as one NDJSON file per entity into `dir`
 * (`<entity>.ndjson`), a batch of customers at a time (bounded memory). Returns each import
 * file's path and record count, in import order, and (with `afterImport`) the after-import files.
 */
export async function writeSeedFiles(dir: string, options: SeedFilesOptions): Promise<SeedFile[]> {
  return (await writeSeedBook(dir, options)).files;
}

/** writeSeedFiles, with the after-import files by name. */
export async function writeSeedBook(dir: string, options: SeedFilesOptions): Promise<{ files: SeedFile[]; afterImport: Record<AfterImportFile, SeedFile> }> {
  const now = options.now ?? startOfUtcDay(new Date());
  const afterImport = options.afterImport ?? false;
  const staff = staffRows(options.customers, now);
  const usernameOf = new Map(staff.map((member) => [member.id, member.username]));
  const context = createSeedContext(options.seed, options.piiKey, now, staffDirectory(staff));
  fs.mkdirSync(dir, { recursive: true });
  const fileOf = (entity: string): SeedFile => ({ entity, file: path.join(dir, `${entity}.ndjson`), records: 0 });
  const files = SEED_FILE_ENTITIES.map(fileOf);
  const extras = afterImport ? AFTER_IMPORT_FILES.map(fileOf) : [];
  const written = [...files, ...extras];
  const streams = new Map(written.map((f) => [f.entity, fs.createWriteStream(f.file)]));
  const planner = new CustomerPlanner(context, options.customers);
  while (!planner.done) {
    const records = recordsOf(context, generateBatch(context, planner.nextBatch(BATCH_SIZE)), usernameOf, afterImport);
    for (const f of written) {
      const stream = streams.get(f.entity)!;
      for (const record of records[f.entity]) if (!stream.write(`${JSON.stringify(record)}\n`)) await once(stream, "drain");
      f.records += records[f.entity].length;
    }
  }
  await Promise.all([...streams.values()].map((stream) => new Promise((resolve) => stream.end(resolve))));
  return { files, afterImport: Object.fromEntries(extras.map((f) => [f.entity, f])) as Record<AfterImportFile, SeedFile> };
}
