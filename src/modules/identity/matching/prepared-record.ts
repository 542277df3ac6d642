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
 * What a job preparing every customer (the re-cluster) keeps once: each name normalized once per
 * spelling, and one copy of each repeated value (birth dates, addresses, cities, genders, kinds),
 * so that a million held records do not hold a million copies of "Hangzhou".
 */
export class PrepareCache {
  private readonly names = new Map<string, NormalizedName | null>();
  private readonly values = new Map<string, string>();

  name(fullName: string | null): NormalizedName | null {
    if (!fullName) return null;
    let name = this.names.get(fullName);
    if (name === undefined) this.names.set(fullName, (name = normalizeName(fullName)));
    return name;
  }

  /** The one kept copy of this value. */
  intern<T extends string | null>(value: T): T {
    if (value === null) return value;
    const kept = this.values.get(value);
    if (kept !== undefined) return kept as T;
    this.values.set(value, value);
    return value;
  }
}

export function prepareRecord(record: MatchRecord, cache?: PrepareCache): PreparedRecord {
  const gender = record.gender?.trim().toUpperCase() || null;
  const dateOfBirth = record.dateOfBirth && DATE.test(record.dateOfBirth) ? record.dateOfBirth : null;
  const address = normalizeAddress(record.address);
  const city = normalizeAddress(record.city);
  return {
    id: record.id,
    name: cache ? cache.name(record.fullName) : normalizeName(record.fullName),
    dateOfBirth: cache ? cache.intern(dateOfBirth) : dateOfBirth,
    nationalIdHash: record.nationalIdHash || null,
    phone: normalizePhone(record.phone),
    email: normalizeEmail(record.email),
    address: cache ? cache.intern(address) : address,
    city: cache ? cache.intern(city) : city,
    gender: cache ? cache.intern(gender) : gender,
  };
}
