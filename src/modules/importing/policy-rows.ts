import type { FieldProblem } from "../../shared/errors";
import { Channel } from "../customer/customer.enums";
import { PolicyStatus, PremiumFrequency } from "../policy/policy.entity";
import { COVER_KINDS, isCoverKind, type CoverKind } from "./cover-kinds";
import type { CheckedRow } from "./import-kind";
import { isMoney, typedRecord, type SourceColumn } from "./source-columns";
import { participantContent, participantItems, type ParticipantItem } from "./participant-rows";
import { insuredObjectContent, insuredObjectItems, type InsuredObjectItem } from "./insured-object-rows";

/** The policy file's columns (README "Loading your data"), named as the Policy type names them. */
export const POLICY_COLUMNS: readonly SourceColumn[] = [
  { name: "sourceId", type: "text", required: true, example: "PAS-POL-000456", description: "The policy's id in the source system (1–100 characters); the import upserts on it" },
  { name: "customerSourceId", type: "text", required: true, example: "PAS-000123", description: "The policyholder's sourceId in the same source system (imported before as a customer); no such customer, an erased one, or another holder than before: the row fails on this column" },
  { name: "policyNumber", type: "text", example: "P20260000123", description: "Unique, up to 24 of A–Z, 0–9 and -; empty: a new policy gets the next P<start year><7 digits>, a known one keeps its number" },
  { name: "productCode", type: "text", required: true, example: "LIFE-TERM-20", description: "A product of the catalogue (seeded by npm run seed); another code fails the row" },
  { name: "status", type: PolicyStatus, required: true, example: "ACTIVE", description: "Life-cycle state" },
  { name: "premium", type: "money", required: true, example: "125000", description: "Premium per instalment, minor units (fen), 0 or more" },
  { name: "currency", type: "text", example: "CNY", description: "ISO 4217, 3 capital letters; empty means CNY (also the covers' currency)" },
  { name: "premiumFrequency", type: PremiumFrequency, required: true, example: "ANNUAL", description: "How often the premium is paid" },
  { name: "sumInsured", type: "money", required: true, example: "50000000", description: "Minor units, 0 or more" },
  { name: "startDate", type: "date", required: true, example: "2026-01-01", description: "First day of cover" },
  { name: "endDate", type: "date", required: true, example: "2045-12-31", description: "Last day of cover, on or after startDate" },
  { name: "renewalDate", type: "date", example: "2026-12-31", description: "When the policy comes up for renewal" },
  { name: "salesChannel", type: Channel, example: "AGENT_VISIT", description: "Channel the policy was sold through" },
  { name: "coverages", type: "json-array", example: '[{"kind":"DEATH_BENEFIT","limit":50000000,"deductible":0}]', description: "The covers, each `{ kind, limit, deductible }`: kind one of the cover kinds, limit and deductible minor units ≥ 0 (deductible may be left out: 0); in CSV the array as JSON text in one quoted column; empty: no covers" },
  {
    name: "participants", type: "json-array", example: '[{"role":"INSURED","customerSourceId":"PAS-000124","relationship":"SPOUSE"},{"role":"BENEFICIARY","name":"Zhao Xin","dateOfBirth":"2015-08-01","share":100}]',
    description: "Insured persons, beneficiaries and payer besides the policyholder (who is customerSourceId), each `{ role, customerSourceId | name, dateOfBirth?, idType?, nationalId?, relationship?, share?, order? }`: role INSURED, BENEFICIARY or PAYER; a customer of the same source system by its customerSourceId, or a person who is no customer by name (1–200 characters) with an optional birth date and identity document (checked as a customer's, stored encrypted with a blind index); relationship how the person stands to the insured; share whole percent 1–100, for beneficiaries only and required for them, the shares of each order summing to 100; order 1–20 (default 1: paid first). At most 20. On a change the participants are replaced. In CSV the array as JSON text in one quoted column; empty: the policyholder only",
  },
  {
    name: "insuredObjects", type: "json-array", example: '[{"kind":"VEHICLE","plate":"京A12345","vin":"LSVAU2180N2123456","make":"BYD","model":"Han","year":2024}]',
    description: "What the policy insures, each `{ kind, … }`: VEHICLE with plate (up to 16 characters), vin (ISO 3779: 17 capital letters and digits without I, O, Q), make, model, year and sumInsured; PROPERTY with address (up to 300 characters), city, region, constructionYear and sumInsured (minor units); PERSON with insured, the index (from 0) of an INSURED person in this record's participants. Plate, VIN and address are personal data (stored and masked as the API does). At most 20. On a change the objects are replaced. In CSV the array as JSON text in one quoted column; empty: none",
  },
];

export interface CoverRow {
  kind: CoverKind;
  limitAmount: number;
  deductible: number;
}

/** A valid policy row: the policy's columns, its holder's and product's references (resolved by the writer) and its covers. */
export interface PolicyRow {
  sourceId: string;
  customerSourceId: string;
  /** As the file gives it (null: generated for a new policy, kept for a known one). */
  policyNumber: string | null;
  columns: {
    productCode: string;
    status: PolicyStatus;
    premium: number;
    currency: string;
    premiumFrequency: PremiumFrequency;
    sumInsured: number;
    startDate: string;
    endDate: string;
    renewalDate: string | null;
    salesChannel: Channel | null;
  };
  coverages: CoverRow[];
  /** Besides the policyholder (empty: the policyholder only). */
  participants: ParticipantItem[];
  insuredObjects: InsuredObjectItem[];
  content: string;
}

const POLICY_NUMBER = /^[A-Z0-9][A-Z0-9-]{0,23}$/;
const MAX_COVERS = 50;

function coverProblems(covers: unknown[]): { covers: CoverRow[] } | { problem: string } {
  if (covers.length > MAX_COVERS) return { problem: `coverages holds at most ${MAX_COVERS} covers` };
  const rows: CoverRow[] = [];
  for (const [i, cover] of covers.entries()) {
    const at = `coverages[${i}]`;
    if (cover === null || typeof cover !== "object" || Array.isArray(cover)) return { problem: `${at} must be an object { kind, limit, deductible }` };
    const { kind, limit, deductible = 0, ...rest } = cover as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return { problem: `${at} may hold only kind, limit and deductible` }; // the file's key names are not echoed
    if (!isCoverKind(kind)) return { problem: `${at}.kind must be one of ${COVER_KINDS.join(", ")}` };
    if (!isMoney(limit)) return { problem: `${at}.limit must be an integer of 0 or more (minor units)` };
    if (!isMoney(deductible)) return { problem: `${at}.deductible must be an integer of 0 or more (minor units)` };
    rows.push({ kind, limitAmount: limit, deductible });
  }
  return { covers: rows };
}

/** Checks one record of a policy file (types, ranges, dates, covers); references are the writer's to resolve. */
export function policyRow(values: Record<string, unknown>): CheckedRow<PolicyRow> {
  const { input, sourceId, problems } = typedRecord(POLICY_COLUMNS, values);
  const problem = (field: string, text: string) => problems.push({ field, problems: [text] } satisfies FieldProblem);
  const text = (name: string) => input[name] as string | undefined;
  if (text("customerSourceId") !== undefined && text("customerSourceId")!.length > 100) problem("customerSourceId", "customerSourceId must be 1–100 characters");
  if (text("policyNumber") !== undefined && !POLICY_NUMBER.test(text("policyNumber")!)) problem("policyNumber", "policyNumber must be up to 24 of A–Z, 0–9 and - (starting with a letter or digit)");
  if (text("productCode") !== undefined && text("productCode")!.length > 32) problem("productCode", "productCode is not in the product catalogue");
  if (text("currency") !== undefined && !/^[A-Z]{3}$/.test(text("currency")!)) problem("currency", "currency must be 3 capital letters (ISO 4217)");
  for (const name of ["premium", "sumInsured"]) if (typeof input[name] === "number" && (input[name] as number) < 0) problem(name, `${name} must be 0 or more`);
  if (text("startDate") && text("endDate") && text("endDate")! < text("startDate")!) problem("endDate", "endDate must be on or after startDate");
  let coverages: CoverRow[] = [];
  if (input.coverages !== undefined) {
    const checked = coverProblems(input.coverages as unknown[]);
    if ("problem" in checked) problem("coverages", checked.problem);
    else coverages = checked.covers;
  }
  let participants: ParticipantItem[] = [];
  if (input.participants !== undefined) {
    const checked = participantItems(input.participants as unknown[]);
    if ("problem" in checked) problem("participants", checked.problem);
    else participants = checked.participants;
  }
  let insuredObjects: InsuredObjectItem[] = [];
  if (input.insuredObjects !== undefined && !problems.some((p) => p.field === "participants")) {
    const checked = insuredObjectItems(input.insuredObjects as unknown[], participants);
    if ("problem" in checked) problem("insuredObjects", checked.problem);
    else insuredObjects = checked.objects;
  }
  if (problems.length > 0) return { sourceId, problems };
  // the source sends the whole record: a column left empty is cleared
  const columns: PolicyRow["columns"] = {
    productCode: text("productCode")!,
    status: input.status as PolicyStatus,
    premium: input.premium as number,
    currency: text("currency") ?? "CNY",
    premiumFrequency: input.premiumFrequency as PremiumFrequency,
    sumInsured: input.sumInsured as number,
    startDate: text("startDate")!,
    endDate: text("endDate")!,
    renewalDate: text("renewalDate") ?? null,
    salesChannel: (input.salesChannel as Channel | undefined) ?? null,
  };
  const policyNumber = text("policyNumber") ?? null;
  const customerSourceId = text("customerSourceId")!;
  // participants and objects only when there are some: a file without them digests as before the columns existed
  const content = JSON.stringify([
    customerSourceId, policyNumber, Object.values(columns), coverages.map((c) => [c.kind, c.limitAmount, c.deductible]),
    ...(participants.length + insuredObjects.length > 0 ? [{ participants: participants.map(participantContent), insuredObjects: insuredObjects.map(insuredObjectContent) }] : []),
  ]);
  return { row: { sourceId: sourceId!, customerSourceId, policyNumber, columns, coverages, participants, insuredObjects, content } };
}
