import { IdType } from "../customer/customer.enums";
import { identityProblems, normalizeNationalId } from "../customer/customer-validation";
import { InsuredRelationship, ParticipantRole } from "../policy/policy-participant.entity";
import { isRealDate } from "./source-columns";

/** The roles a policy file names its participants in; the policyholder is the policy's own `customerSourceId`. */
const FILE_ROLES = [ParticipantRole.INSURED, ParticipantRole.BENEFICIARY, ParticipantRole.PAYER] as const;
type FileRole = (typeof FILE_ROLES)[number];

const KEYS = new Set(["role", "customerSourceId", "name", "dateOfBirth", "idType", "nationalId", "relationship", "share", "order"]);
const MAX_PARTICIPANTS = 20;
const MAX_ORDER = 20;

/** A checked participant of an imported policy: a customer of the same source system, or a named person (national id in clear, sealed by the writer). */
export interface ParticipantItem {
  role: FileRole;
  customerSourceId: string | null;
  name: string | null;
  dateOfBirth: string | null;
  idType: IdType | null;
  nationalId: string | null;
  relationship: InsuredRelationship | null;
  share: number | null;
  order: number;
}

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => typeof value === "string" && (values as readonly string[]).includes(value);
const isText = (value: unknown, max: number): value is string => typeof value === "string" && value.trim().length > 0 && value.length <= max;
const isWhole = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** One participant's problem (null: none); the problem names the item and its key, never the value. */
function itemProblem(item: unknown, at: string, today: string): { item: ParticipantItem } | { problem: string } {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return { problem: `${at} must be an object { role, customerSourceId | name, … }` };
  const values = item as Record<string, unknown>;
  if (Object.keys(values).some((key) => !KEYS.has(key))) return { problem: `${at} may hold only ${[...KEYS].join(", ")}` }; // the file's key names are not echoed
  const { role, customerSourceId = null, name = null, dateOfBirth = null, idType = null, nationalId = null, relationship = null, share = null, order = 1 } = values;
  if (role === ParticipantRole.POLICYHOLDER) return { problem: `${at}.role: the policyholder is the policy's customerSourceId, not a participant of the file` };
  if (!isOneOf(FILE_ROLES, role)) return { problem: `${at}.role must be one of ${FILE_ROLES.join(", ")}` };
  if ((customerSourceId === null) === (name === null)) return { problem: `${at} names a customer (customerSourceId) or a person who is no customer (name), one of the two` };
  if (customerSourceId !== null && !isText(customerSourceId, 100)) return { problem: `${at}.customerSourceId must be 1–100 characters` };
  if (customerSourceId !== null && (dateOfBirth !== null || idType !== null || nationalId !== null)) {
    return { problem: `${at}: a customer's birth date and identity are its customer record's; give them only with name` };
  }
  if (name !== null && !isText(name, 200)) return { problem: `${at}.name must be 1–200 characters` };
  if (dateOfBirth !== null && !(typeof dateOfBirth === "string" && isRealDate(dateOfBirth) && dateOfBirth >= "1900-01-01" && dateOfBirth <= today)) {
    return { problem: `${at}.dateOfBirth must be a date YYYY-MM-DD from 1900-01-01 to today` };
  }
  if (idType !== null && !isOneOf(Object.values(IdType), idType)) return { problem: `${at}.idType must be one of ${Object.values(IdType).join(", ")}` };
  if (nationalId !== null && !isText(nationalId, 40)) return { problem: `${at}.nationalId must be 1–40 characters` };
  const normalized = nationalId === null ? null : normalizeNationalId(nationalId);
  if (idType !== null && normalized === null) return { problem: `${at}.nationalId is required with idType` };
  // the customer's identity rules (check digits, the resident id's birth date)
  const [identity] = identityProblems(idType, normalized, dateOfBirth as string | null);
  if (identity) return { problem: `${at}.${identity.field}: ${identity.problems[0]}` };
  if (relationship !== null && !isOneOf(Object.values(InsuredRelationship), relationship)) {
    return { problem: `${at}.relationship must be one of ${Object.values(InsuredRelationship).join(", ")}` };
  }
  if (role === ParticipantRole.BENEFICIARY && !isWhole(share, 1, 100)) return { problem: `${at}.share must be a whole percent from 1 to 100 for a beneficiary` };
  if (role !== ParticipantRole.BENEFICIARY && share !== null) return { problem: `${at}.share is given for beneficiaries only` };
  if (!isWhole(order, 1, MAX_ORDER)) return { problem: `${at}.order must be a whole number from 1 to ${MAX_ORDER}` };
  return {
    item: {
      role, customerSourceId: customerSourceId as string | null, name: name as string | null, dateOfBirth: dateOfBirth as string | null,
      idType: idType as IdType | null, nationalId: normalized, relationship: relationship as InsuredRelationship | null, share: share as number | null, order: order as number,
    },
  };
}

/**
 * Checks a policy's `participants` (the items in file order): each a customer of the same source
 * system or a named person with the customer's identity rules, beneficiaries with a share, and the
 * shares of each beneficiary order summing to 100 (what the database checks at commit, told per row).
 */
export function participantItems(items: unknown[], today = new Date().toISOString().slice(0, 10)): { participants: ParticipantItem[] } | { problem: string } {
  if (items.length > MAX_PARTICIPANTS) return { problem: `participants holds at most ${MAX_PARTICIPANTS} persons` };
  const participants: ParticipantItem[] = [];
  for (const [i, item] of items.entries()) {
    const checked = itemProblem(item, `participants[${i}]`, today);
    if ("problem" in checked) return checked;
    participants.push(checked.item);
  }
  const shares = new Map<number, number>();
  for (const p of participants) if (p.role === ParticipantRole.BENEFICIARY) shares.set(p.order, (shares.get(p.order) ?? 0) + p.share!);
  const uneven = [...shares].sort(([a], [b]) => a - b).find(([, total]) => total !== 100);
  if (uneven) return { problem: `participants: the shares of the beneficiaries of order ${uneven[0]} must sum to 100` };
  return { participants };
}

/** A participant's part of a policy's content (digested, never stored): every checked value, in a fixed order. */
export function participantContent(p: ParticipantItem): unknown[] {
  return [p.role, p.customerSourceId, p.name, p.dateOfBirth, p.idType, p.nationalId, p.relationship, p.share, p.order];
}
