import type { EntityManager } from "typeorm";
import type { RequestContext } from "../../auth/request-context";
import type { Role } from "../../auth/role";
import { AuditEntry } from "../audit/audit-entry.entity";
import { ConsentPurpose } from "../consent/consent.entity";
import { Customer } from "../customer/customer.entity";
import { requireCustomer } from "../customer/customer.service";
import { piiCipher } from "../customer/customer-identity.service";
import { sensitiveDataConsented } from "../consent/consent-check";
import { UnauthenticatedError } from "../../shared/errors";
import { EXPORT_TABLES, releaseTable } from "./export-policy";
import { assessmentFor, type StoredRating } from "../risk/risk-derived";
import { DEFAULT_PURPOSES, PURPOSES_BY_TABLE } from "./privacy-purposes";
import { CustomerDataExport, ExportWithheldField } from "./privacy.types";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { membersOf } from "../identity/person-links";
import { lockRegister } from "../../db/write-guards";
import { causeOf, recordEvents, type EventCause } from "../events/outbox";

/**
 * Entities keyed by customer_id, read from the metadata so that a new table is never missed; stored
 * tables only (a view's rows — policy_change, of the outbox — are exported with their table).
 */
function customerEntities(ctx: RequestContext) {
  return ctx.db.entityMetadatas
    .filter((meta) => meta.synchronize && (meta.tableName === "customer" || meta.columns.some((column) => column.databaseName === "customer_id")))
    .sort((a, b) => (a.tableName === "customer" ? -1 : b.tableName === "customer" ? 1 : a.tableName.localeCompare(b.tableName)));
}

/**
 * Right of access: every record held about the customer, with the purposes, released column by
 * column through the same policy as a read (export-policy.ts): full as stored, masked or banded by
 * the field's rule, consent-bound only with the customer's current SENSITIVE_DATA consent, denied
 * or unclassified columns left out and listed in `withheld`. The customer (for self) receives what
 * the CUSTOMER role may read; COMPLIANCE what its role may read. Every personal value released to
 * staff is recorded in the access audit with its field, like any read.
 */
export async function exportCustomerData(ctx: RequestContext, customerId: string): Promise<CustomerDataExport> {
  const customer = await requireCustomer(ctx, customerId);
  const viewer = ctx.viewer;
  if (viewer.kind === "anonymous") throw new UnauthenticatedError();
  const consented = await sensitiveDataConsented(ctx, customer.id);
  const reveal = {
    nationalId: (ciphertext: string) => piiCipher(ctx).decrypt(ciphertext),
    assessment: (row: StoredRating) => assessmentFor(viewer.role, row, consented),
  };
  const records: Record<string, unknown[]> = {};
  const withheld: ExportWithheldField[] = [];
  for (const meta of customerEntities(ctx)) {
    // through the repositories, so that columns encrypted at rest come out readable
    const alsoKeyedBy = EXPORT_TABLES[meta.tableName]?.alsoKeyedBy;
    const where = meta.tableName === "customer" ? { id: customer.id } : [{ customerId: customer.id }, ...(alsoKeyedBy ? [{ [alsoKeyedBy]: customer.id }] : [])];
    const order = Object.fromEntries(meta.primaryColumns.map((column) => [column.propertyName, "ASC"]));
    const rows: Record<string, unknown>[] = await ctx.db.getRepository(meta.target).find({ where: where as never, order: order as never });
    const columns = meta.columns.map((column) => column.propertyName);
    const table = releaseTable(viewer.role, meta.tableName, columns, rows, consented, reveal);
    records[meta.tableName] = table.rows;
    withheld.push(...table.withheld.map((column) => Object.assign(new ExportWithheldField(), column)));
    for (const { path, outcome } of table.audited) ctx.audit.record(customer.id, path, outcome);
  }
  // the export itself is recorded even when it released no personal value
  ctx.audit.record(customer.id, "Mutation.exportCustomerData", "ALLOWED");
  return Object.assign(new CustomerDataExport(), {
    customerId: customer.id,
    generatedAt: new Date(),
    purposes: Object.fromEntries(Object.keys(records).map((table) => [table, PURPOSES_BY_TABLE[table] ?? DEFAULT_PURPOSES])),
    records,
    withheld: withheld.sort((a, b) => a.table.localeCompare(b.table) || a.field.localeCompare(b.field)),
  });
}

const ERASED_NAME = "[erased]";

/**
 * What an erasure removes, as the access audit names fields (Type.field; Type.* for rows deleted,
 * Consent.granted for every purpose withdrawn): kept in step with pseudonymize() below.
 */
export const ERASED_FIELDS = [
  "Customer.fullName", "Customer.gender", "Customer.dateOfBirth", "Customer.nationalId", "Customer.email", "Customer.phone",
  "Customer.address", "Customer.city", "Customer.occupation", "Customer.annualIncome", "Customer.maritalStatus",
  "Customer.idType", "Customer.occupationClass", "Customer.dependents", "Customer.riskPreference", "Customer.preferredChannel",
  "Interaction.subject", "Interaction.notes", "ServiceCase.subject", "ServiceCase.notes", "ServiceCase.resolution", "ServiceCase.reopenReason", "ServiceTask.subject", "ServiceTask.outcomeNote", "Complaint.resolution", "Complaint.escalationReason", "Claim.description",
  "ClaimEvent.note", "RiskAssessment.factors", "RiskAssessment.warnings", "HouseholdMember.*", "OfferResponse.*",
  "HealthDeclaration.*", "Consent.granted", "PolicyParticipant.name", "PolicyParticipant.dateOfBirth", "PolicyParticipant.nationalId",
  "InsuredObject.plate", "InsuredObject.vin", "InsuredObject.address", "ContactPolicy.doNotContactReason",
].sort();

async function pseudonymize(manager: EntityManager, customerId: string, now: Date): Promise<void> {
  await manager.query(
    `UPDATE customer SET full_name = $2, gender = NULL, date_of_birth = NULL, national_id_encrypted = NULL,
       national_id_hash = NULL, email = NULL, phone = NULL, address = NULL, city = NULL, occupation = NULL,
       annual_income = NULL, marital_status = NULL, id_type = NULL, occupation_class = NULL, dependents = 0,
       risk_preference = NULL, preferred_channel = NULL, erased_at = $3, version = version + 1, updated_at = $3
     WHERE id = $1`,
    [customerId, ERASED_NAME, now],
  );
  // records the law requires (policies, claims: amounts and dates) stay; their free text goes
  await manager.query(`UPDATE interaction SET subject = $2, notes = NULL WHERE customer_id = $1`, [customerId, ERASED_NAME]);
  await manager.query(`UPDATE complaint SET resolution = NULL, escalation_reason = NULL WHERE customer_id = $1`, [customerId]);
  await manager.query(`UPDATE service_case SET subject = $2, notes = NULL, resolution = NULL, reopen_reason = NULL WHERE customer_id = $1`, [customerId, ERASED_NAME]);
  await manager.query(`UPDATE service_task SET subject = NULL, outcome_note = NULL WHERE customer_id = $1`, [customerId]);
  await manager.query(`UPDATE claim SET description = NULL WHERE customer_id = $1`, [customerId]);
  await manager.query(`UPDATE claim_event SET note = NULL WHERE customer_id = $1`, [customerId]);
  // named persons of the customer's policies, and what identifies the insured car and home
  await manager.query(
    `UPDATE policy_participant SET name = CASE WHEN name IS NULL THEN NULL ELSE $2 END, date_of_birth = NULL,
       national_id_encrypted = NULL, national_id_hash = NULL WHERE customer_id = $1`,
    [customerId, ERASED_NAME],
  );
  await manager.query(`UPDATE insured_object SET plate = NULL, vin = NULL, address = NULL WHERE customer_id = $1`, [customerId]);
  // the do-not-contact history stays (an erased customer is not marketed to); its free-text reasons go
  await manager.query(`UPDATE do_not_contact SET reason = NULL WHERE customer_id = $1`, [customerId]);
  await manager.query(`UPDATE risk_assessment SET factors = '[]', warnings = '[]' WHERE customer_id = $1`, [customerId]);
  await manager.query(`DELETE FROM relationship WHERE customer_id = $1 OR related_customer_id = $1`, [customerId]);
  await manager.query(`DELETE FROM offer_response WHERE customer_id = $1`, [customerId]);
  await manager.query(`DELETE FROM health_declaration WHERE customer_id = $1`, [customerId]);
  // identity matching's keys are digests of the erased values: an erased record meets no one again
  await manager.query(`DELETE FROM customer_match_key WHERE customer_id = $1`, [customerId]);
  // stored offer rankings are profiling results of the erased facts
  await manager.query(`DELETE FROM offer_ranking WHERE customer_id = $1`, [customerId]);
  // consent history is kept; every purpose is withdrawn as of now
  for (const purpose of Object.values(ConsentPurpose)) {
    await manager.query(`INSERT INTO consent (customer_id, purpose, granted, recorded_at) VALUES ($1, $2, false, $3)`, [customerId, purpose, now]);
  }
}

/** Who asked for an erasure, for its audit rows (a staff member's request; a seed or a job writes none). */
export interface ErasureAudit {
  actorId: string;
  role: Role;
  reason: string;
  requestId: string;
}

/**
 * Erases customer records, each as of its own time, in the caller's transaction: the record
 * pseudonymized and marked erased, `customer.erased` recorded, an audit row per record when a
 * staff member asked. Records already erased are left as they are. Returns the ids it erased.
 */
export async function eraseRecords(manager: EntityManager, erasures: { customerId: string; at: Date }[], cause: EventCause, audit: ErasureAudit | null): Promise<string[]> {
  await lockRegister(manager, "person_link"); // no record joins or leaves a person while it is erased (re-entrant: a caller may hold it already)
  const at = new Map(erasures.map((e) => [e.customerId, e.at]));
  const pending: { id: string }[] = await manager.query(
    `SELECT id FROM customer WHERE id = ANY($1) AND erased_at IS NULL ORDER BY id FOR UPDATE`,
    [[...at.keys()]],
  );
  for (const { id } of pending) {
    await pseudonymize(manager, id, at.get(id)!);
    if (audit) {
      await manager.insert(AuditEntry, {
        actorId: audit.actorId,
        role: audit.role,
        purpose: audit.reason.slice(0, 80),
        operation: "eraseCustomer",
        requestId: audit.requestId,
        customerId: id,
        fields: ERASED_FIELDS,
        outcome: "ERASED",
      });
    }
  }
  await recordEvents(manager, cause, pending.map(({ id }) => ({ type: "customer.erased", data: { customerId: id } })));
  return pending.map(({ id }) => id);
}

/**
 * Right to erasure: personal fields pseudonymized across all tables in one transaction, the
 * customer marked erased (so hidden from marketing, search and self-service), and the erasure
 * itself audited. The data subject is the person: every record identity resolution linked with
 * this one is erased with it (each audited). Erasing an erased customer changes nothing.
 */
export async function eraseCustomer(ctx: RequestContext, customerId: string, reason: string): Promise<Customer> {
  const customer = await requireCustomer(ctx, customerId);
  const now = new Date();
  const audit = ctx.viewer.kind === "anonymous" ? null : { actorId: ctx.viewer.id, role: ctx.viewer.role, reason, requestId: ctx.requestId };
  const erased = await ctx.db.transaction(async (manager) => {
    await lockRegister(manager, "person_link"); // no record joins or leaves the person while it is erased
    const records = await membersOf(manager, customer.id);
    await eraseRecords(manager, records.map((id) => ({ customerId: id, at: now })), causeOf(ctx), audit);
    return records;
  });
  for (const id of erased) ctx.loaders.byId(CUSTOMER_BY_ID).clear(id);
  return ctx.db.getRepository(Customer).findOneByOrFail({ id: customer.id });
}
