import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * E.164 form of a phone number written any usual way ("138 1234 5678", "0086-138…", "+86…");
 * numbers without a country code are read as mainland China. Null when it cannot be a number.
 */
export function normalizePhone(phone: string | null): string | null {
  if (!phone || !phone.trim()) return null;
  const parsed = parsePhoneNumberFromString(phone, "CN");
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
