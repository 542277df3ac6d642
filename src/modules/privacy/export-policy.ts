import { DataClass, FIELD_CLASSES, roleVerdict, type Reducer } from "../../auth/field-policy";
import type { Role } from "../../auth/role";
import { money } from "../../shared/money";
import { income } from "../customer/income.type";
import type { StoredRating } from "../risk/risk-derived";

/**
 * How the rows of each customer-keyed table map onto the GraphQL type whose policy governs them
 * (DESIGN §5: a field's access governs every use of its value, exports included). A column is
 * governed by the type's field of the same name unless `fields` names others; a column whose
 * fields have no class in FIELD_CLASSES, or a table not listed here, is withheld ("UNCLASSIFIED").
 */
interface ExportTable {
  type: string;
  /** column property → the GraphQL field(s) it holds (several: released at the most restrictive access) */
  fields?: Record<string, string[]>;
  /** column property → the value in the shape the GraphQL field has, before any reduction */
  present?: Record<string, Presenter>;
  /** For a table with no GraphQL type of its own: each column's class (the policy table's rows still decide). */
  classes?: Record<string, DataClass>;
  /** A second column naming the customer (a pair of records): rows keyed by either are the customer's. */
  alsoKeyedBy?: string;
}

type Presenter = (value: never, row: never, reveal: Reveal) => unknown;

/** Turns sealed columns into their readable values (the national id's ciphertext), and stored derived values into the viewer's. */
export interface Reveal {
  nationalId(ciphertext: string): string;
  /** A stored risk assessment as the viewer may receive it (src/modules/risk/risk-derived.ts). */
  assessment(row: StoredRating): StoredRating;
}

/** The rating columns of a risk assessment, each as the viewer's view of the assessment gives it. */
const viewed = (column: keyof StoredRating): Presenter => (_value: never, row: StoredRating, reveal: Reveal) => reveal.assessment(row)[column];

type Row = Record<string, unknown>;

export const EXPORT_TABLES: Record<string, ExportTable> = {
  customer: {
    type: "Customer",
    fields: { nationalIdEncrypted: ["nationalId"] },
    present: {
      nationalIdEncrypted: (v: string, _row: Row, reveal: Reveal) => reveal.nationalId(v),
      annualIncome: (v: number, row: { currency: string }) => income(v, row.currency),
    },
  },
  audit_entry: { type: "AuditEntry" },
  claim: { type: "Claim" },
  claim_event: { type: "ClaimEvent" },
  // the deadline clock's marks: when it signalled what dueAt and status already show
  complaint: { type: "Complaint", classes: { dueSoonSignalledAt: DataClass.PUBLIC, overdueSignalledAt: DataClass.PUBLIC } },
  consent: { type: "Consent" },
  // the do-not-contact history: classed as ContactPolicy's fields (the reason is a staff member's free text: INTERNAL)
  do_not_contact: {
    type: "DoNotContact",
    classes: { id: DataClass.PUBLIC, customerId: DataClass.PUBLIC, doNotContact: DataClass.PUBLIC, setBy: DataClass.PUBLIC, setAt: DataClass.PUBLIC, reason: DataClass.INTERNAL },
  },
  coverage: {
    type: "Coverage",
    fields: { limitAmount: ["limit"] },
    present: {
      limitAmount: (v: number, row: { currency: string }) => money(v, row.currency),
      deductible: (v: number, row: { currency: string }) => money(v, row.currency),
    },
  },
  // a legal hold the customer is under: that and when; the reason is the insurer's (litigation, an inquiry: INTERNAL)
  legal_hold: {
    type: "LegalHold",
    classes: { id: DataClass.PUBLIC, customerId: DataClass.PUBLIC, placedBy: DataClass.PUBLIC, placedAt: DataClass.PUBLIC, releasedBy: DataClass.PUBLIC, releasedAt: DataClass.PUBLIC, reason: DataClass.INTERNAL },
  },
  health_declaration: { type: "HealthDeclaration", fields: { details: ["smoker", "chronicConditions", "bmi"] } },
  interaction: { type: "Interaction" },
  offer_response: { type: "OfferResponse" },
  policy: { type: "Policy" },
  // rows of the policyholder's policies: named persons (beneficiaries) were given by the policyholder
  policy_participant: {
    type: "PolicyParticipant",
    fields: { nationalIdEncrypted: ["nationalId"] },
    present: { nationalIdEncrypted: (v: string, _row: Row, reveal: Reveal) => reveal.nationalId(v) },
  },
  insured_object: {
    type: "InsuredObject",
    present: { sumInsured: (v: number, row: { currency: string }) => money(v, row.currency) },
  },
  premium_instalment: {
    type: "PremiumInstalment",
    present: { amount: (v: number, row: { currency: string }) => money(v, row.currency) },
  },
  relationship: { type: "HouseholdMember", fields: { relatedCustomerId: ["member"] } },
  // the stored SLA deadlines are what the case's readings show (PUBLIC); who opened and last changed it: staff ids, INTERNAL as the assignee
  service_case: {
    type: "ServiceCase",
    classes: {
      firstResponseBreachAt: DataClass.PUBLIC, resolutionBreachAt: DataClass.PUBLIC, createdAt: DataClass.PUBLIC, updatedAt: DataClass.PUBLIC,
      createdById: DataClass.INTERNAL, updatedById: DataClass.INTERNAL,
    },
  },
  // who planned a task: a staff id, INTERNAL as the case's creator; the last change's time as the case's
  service_task: { type: "ServiceTask", classes: { createdById: DataClass.INTERNAL, updatedAt: DataClass.PUBLIC } },
  // identity resolution (no GraphQL types of their own): which records were linked as one person,
  // when and by whom; the pairs found with the record, on either side — the other record may be
  // another person's, so its id, the score and the reviewer's reason are INTERNAL (staff, as notes);
  // the blocking keys are keyed digests of the record's values, meaningless outside (kind only)
  person_link: {
    type: "PersonLink",
    classes: { customerId: DataClass.PUBLIC, personId: DataClass.PUBLIC, linkedAt: DataClass.PUBLIC, linkedById: DataClass.PUBLIC, candidateId: DataClass.PUBLIC },
  },
  duplicate_candidate: {
    type: "DuplicatePair",
    alsoKeyedBy: "candidateCustomerId",
    classes: {
      id: DataClass.PUBLIC, reason: DataClass.PUBLIC, detectedAt: DataClass.PUBLIC, status: DataClass.PUBLIC, decidedAt: DataClass.PUBLIC,
      decidedById: DataClass.PUBLIC, customerId: DataClass.INTERNAL, candidateCustomerId: DataClass.INTERNAL, score: DataClass.INTERNAL,
      matchWeight: DataClass.INTERNAL, matchExplanation: DataClass.INTERNAL, decisionReason: DataClass.INTERNAL,
    },
  },
  // the events written about the customer: ids, types, times and changed field names — no values
  event_outbox: {
    type: "OutboxEvent",
    classes: Object.fromEntries(["id", "position", "type", "customerId", "occurredAt", "actorId", "requestId", "data", "publishedAt"].map((column) => [column, DataClass.PUBLIC])),
  },
  // staff work items about the customer: which staff member or role was alerted, of what, and when —
  // the insurer's internal handling (INTERNAL, as notes); a raised-tier alert is decided on a staff
  // role's view of the assessment, which may rest on factors the customer's own view leaves out
  service_alert: {
    type: "Alert",
    classes: {
      id: DataClass.PUBLIC, customerId: DataClass.PUBLIC, kind: DataClass.INTERNAL, recipientStaffId: DataClass.INTERNAL, recipientRole: DataClass.INTERNAL,
      complaintId: DataClass.INTERNAL, riskAssessmentId: DataClass.INTERNAL, caseId: DataClass.INTERNAL, milestone: DataClass.INTERNAL,
      deadline: DataClass.INTERNAL, eventId: DataClass.INTERNAL, createdAt: DataClass.INTERNAL,
    },
  },
  // an import job's list of the customers it wrote, for its risk pass: ids only, emptied when the job completes
  import_job_customer: { type: "ImportJobCustomer", classes: { jobId: DataClass.INTERNAL, customerId: DataClass.PUBLIC } },
  customer_match_key: { type: "MatchKey", classes: { customerId: DataClass.PUBLIC, kind: DataClass.PUBLIC, digest: DataClass.INTERNAL } },
  // offers as last computed for a role: the engine's ranking (products, scores, reasons that carry no
  // raw personal value, as the customer's own recommendations give them) and the channel; the rest
  // says when it holds. The contact facts kept with it copy consent, do-not-contact (its free-text
  // reason among them) and contact times: INTERNAL, as the do-not-contact reason (their sources export them)
  offer_ranking: {
    type: "OfferRanking",
    classes: {
      customerId: DataClass.PUBLIC, role: DataClass.PUBLIC, ranking: DataClass.PUBLIC, channel: DataClass.PUBLIC, segments: DataClass.INTERNAL,
      validUntil: DataClass.INTERNAL, computedAt: DataClass.INTERNAL, basis: DataClass.INTERNAL, snapshot: DataClass.INTERNAL, contact: DataClass.INTERNAL,
    },
  },
  // that a fact of the customer changed (which transaction, when): ids and times only
  offer_fact_change: { type: "OfferFactChange", classes: { customerId: DataClass.PUBLIC, xid: DataClass.INTERNAL, changedAt: DataClass.INTERNAL } },
  risk_assessment: {
    type: "RiskAssessment",
    present: Object.fromEntries((["likelihood", "impact", "score", "tier", "factors", "warnings"] as const).map((column) => [column, viewed(column)])),
  },
};

/** Why a column is left out of an export (reasons as in field-level FORBIDDEN errors). */
export type WithheldReason = "FIELD_POLICY" | "CONSENT_REQUIRED" | "UNCLASSIFIED";

export type ColumnRelease =
  | { kind: "release"; name: string; paths: string[]; personal: boolean; reduce: Reducer | null; present?: Presenter }
  | { kind: "consent"; name: string; paths: string[]; present?: Presenter }
  | { kind: "withhold"; name: string; reason: Exclude<WithheldReason, "CONSENT_REQUIRED"> };

/** The role's verdict on one column of a table, before looking at any row. */
export function columnRelease(role: Role, table: string, column: string): ColumnRelease {
  const spec = EXPORT_TABLES[table];
  const fields = spec?.fields?.[column] ?? [column];
  const name = fields.length === 1 ? fields[0] : column;
  const classes = fields.map((field) => (spec ? (spec.classes?.[field] ?? FIELD_CLASSES[spec.type]?.[field]) : undefined));
  if (!spec || classes.some((dataClass) => dataClass === undefined)) return { kind: "withhold", name, reason: "UNCLASSIFIED" };
  const verdicts = fields.map((field, i) => roleVerdict(role, spec.type, field, classes[i]!));
  const paths = fields.map((field) => `${spec.type}.${field}`);
  const present = spec.present?.[column];
  if (verdicts.some((verdict) => verdict.kind === "deny")) return { kind: "withhold", name, reason: "FIELD_POLICY" };
  // a column holding several fields has no reduction rule of its own: reduced access means none
  const reduce = verdicts.length === 1 && verdicts[0].kind === "read" ? verdicts[0].reduce : null;
  if (verdicts.length > 1 && verdicts.some((verdict) => verdict.kind === "read" && verdict.reduce)) {
    return { kind: "withhold", name, reason: "FIELD_POLICY" };
  }
  if (verdicts.some((verdict) => verdict.kind === "consent")) return { kind: "consent", name, paths, present };
  const personal = classes.some((dataClass) => dataClass !== DataClass.PUBLIC);
  return { kind: "release", name, paths, personal, reduce, present };
}

export interface WithheldColumn {
  table: string;
  field: string;
  reason: WithheldReason;
}

export interface ReleasedTable {
  rows: Record<string, unknown>[];
  withheld: WithheldColumn[];
  /** Personal values released, as the access audit records them: field path and outcome. */
  audited: { path: string; outcome: "ALLOWED" | "MASKED" }[];
}

/**
 * One table's rows of one customer as `role` may receive them: each column full, reduced,
 * consent-bound (released only when `consented`) or withheld, exactly as a read of its field.
 */
export function releaseTable(
  role: Role,
  table: string,
  columns: string[],
  rows: Record<string, unknown>[],
  consented: boolean,
  reveal: Reveal,
): ReleasedTable {
  const releases = columns.map((column) => columnRelease(role, table, column));
  const withheld = new Map<string, WithheldColumn>();
  const audited = new Map<string, "ALLOWED" | "MASKED">();
  const released = rows.map((row) => {
    const out: Record<string, unknown> = {};
    releases.forEach((release, i) => {
      if (release.kind === "withhold" || (release.kind === "consent" && !consented)) {
        withheld.set(release.name, { table, field: release.name, reason: release.kind === "withhold" ? release.reason : "CONSENT_REQUIRED" });
        return;
      }
      const stored = row[columns[i]];
      if (stored === null || stored === undefined) {
        out[release.name] = stored;
        return;
      }
      const value = release.present ? release.present(stored as never, row as never, reveal) : stored;
      const reduce = release.kind === "release" ? release.reduce : null;
      out[release.name] = reduce ? reduce(value as never, row as never) : value;
      if (release.kind === "consent" || release.personal) {
        for (const path of release.paths) audited.set(path, reduce ? "MASKED" : "ALLOWED");
      }
    });
    return out;
  });
  return { rows: released, withheld: [...withheld.values()], audited: [...audited].map(([path, outcome]) => ({ path, outcome })) };
}
