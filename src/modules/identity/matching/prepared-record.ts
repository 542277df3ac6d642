import { normalizeAddress } from "./address";
import { normalizeEmail } from "./email";
import type { MatchRecord } from "./match-record";
import { normalizeName, type NormalizedName } from "./person-name";
import { normalizePhone } from "./phone";

/** A record normalized once, so that scoring many pairs does not normalize it again. */
export interface PreparedRecord {
  id: string;
  name: NormalizedName | null;
  dateOfBirth: string | null;
  nationalIdHash: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  gender: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Names normalized so far, by the text they were written as: a job preparing every customer
 * (the re-cluster) meets each common name many times, and keeps one normalized copy of it.
 */
export type NameCache = Map<string, NormalizedName | null>;

function cachedName(fullName: string | null, names: NameCache | undefined): NormalizedName | null {
  if (!names || !fullName) return normalizeName(fullName);
  let name = names.get(fullName);
  if (name === undefined) names.set(fullName, (name = normalizeName(fullName)));
  return name;
}

export function prepareRecord(record: MatchRecord, names?: NameCache): PreparedRecord {
  const gender = record.gender?.trim().toUpperCase() || null;
  return {
    id: record.id,
    name: cachedName(record.fullName, names),
    dateOfBirth: record.dateOfBirth && DATE.test(record.dateOfBirth) ? record.dateOfBirth : null,
    nationalIdHash: record.nationalIdHash || null,
    phone: normalizePhone(record.phone),
    email: normalizeEmail(record.email),
    address: normalizeAddress(record.address),
    city: normalizeAddress(record.city),
    gender,
  };
}
