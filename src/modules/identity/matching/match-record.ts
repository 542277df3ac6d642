/** What the matching engine reads of a customer; every field may be absent. */
export interface MatchRecord {
  id: string;
  fullName: string | null;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  /** An HMAC blind index: compared only for equality, never read. */
  nationalIdHash: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  city: string | null;
  /** MALE | FEMALE | OTHER | null */
  gender: string | null;
}
