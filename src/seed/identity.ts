import { makeResidentId } from "../shared/national-id";
import type { SeedContext } from "./context";

/** A resident id not issued before in this run; the sequence's parity encodes gender. */
export function uniqueResidentId(context: SeedContext, regionCode: string, birthDate: string, male: boolean): string {
  for (;;) {
    const sequence = context.random.int(0, 499) * 2 + (male ? 1 : 0);
    const id = makeResidentId(regionCode, birthDate, sequence);
    if (!context.residentIds.has(id)) {
      context.residentIds.add(id);
      return id;
    }
  }
}

/** Ordinary passport of the People's Republic of China: E followed by 8 digits. */
export function passportNumber(context: SeedContext): string {
  return `E${context.random.int(1, 9)}${context.random.digits(7)}`;
}

const CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Unified social credit code (GB 32100-2015) shape: registration authority and organisation
 * category (91 = enterprise, 51 = social organisation), region code, 9-character organisation
 * code and the mod-31 check character.
 */
export function unifiedSocialCreditCode(context: SeedContext, category: "91" | "51", regionCode: string): string {
  const organisation = context.random.digits(8) + CREDIT_CODE_CHARACTERS[context.random.int(0, CREDIT_CODE_CHARACTERS.length - 1)];
  const body = `${category}${regionCode}${organisation}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARACTERS.indexOf(body[i]) * CREDIT_CODE_WEIGHTS[i];
  return body + CREDIT_CODE_CHARACTERS[(31 - (sum % 31)) % 31];
}

const MOBILE_PREFIXES = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199"];

/** Mainland mobile number in E.164. */
export function mobilePhone(context: SeedContext): string {
  return `+86${context.random.pick(MOBILE_PREFIXES)}${context.random.digits(8)}`;
}

const MAIL_DOMAINS = ["example.com", "example.cn", "example.net", "mail.example.org"];

export function personalEmail(context: SeedContext, givenName: string, familyName: string): string {
  const local = `${givenName}.${familyName}${context.random.int(1, 999)}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
  return `${local}@${context.random.pick(MAIL_DOMAINS)}`;
}

/** PII columns of an identity document: ciphertext and blind index. */
export function sealNationalId(context: SeedContext, nationalId: string): { nationalIdEncrypted: string; nationalIdHash: string } {
  return { nationalIdEncrypted: context.cipher.encrypt(nationalId), nationalIdHash: context.cipher.blindIndex(nationalId) };
}
