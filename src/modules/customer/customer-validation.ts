import { isValidResidentId } from "../../shared/national-id";
import type { FieldProblem } from "../../shared/errors";
import { IdType } from "./customer.enums";

export function normalizeNationalId(value: string): string {
  return value.replace(/[\s-]+/g, "").toUpperCase();
}

const CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Unified social credit code (GB 32100-2015): 18 characters, the last a mod-31 check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARACTERS.indexOf(code[i]) * CREDIT_CODE_WEIGHTS[i];
  return CREDIT_CODE_CHARACTERS[(31 - (sum % 31)) % 31] === code[17];
}

const RULES: Record<IdType, { valid: (id: string) => boolean; problem: string }> = {
  RESIDENT_ID: { valid: isValidResidentId, problem: "nationalId is not a valid resident id (GB 11643: 18 characters, birth date, check digit)" },
  PASSPORT: { valid: (id) => /^[A-Z0-9]{5,20}$/.test(id), problem: "nationalId is not a valid passport number (5–20 letters or digits)" },
  BUSINESS_LICENSE: { valid: isValidCreditCode, problem: "nationalId is not a valid unified social credit code (GB 32100)" },
  OTHER: { valid: (id) => id.length >= 1 && id.length <= 40, problem: "nationalId must have 1–40 characters" },
};

/**
 * Checks an identity number against its document type, and a resident id's embedded birth date
 * against the date of birth when both are known. `nationalId` is normalized.
 */
export function identityProblems(idType: IdType | null, nationalId: string | null, dateOfBirth: string | null): FieldProblem[] {
  if (nationalId === null) return [];
  if (idType === null) return [{ field: "idType", problems: ["idType is required with a nationalId"] }];
  const rule = RULES[idType];
  if (!rule.valid(nationalId)) return [{ field: "nationalId", problems: [rule.problem] }];
  if (idType === IdType.RESIDENT_ID && dateOfBirth) {
    const embedded = `${nationalId.slice(6, 10)}-${nationalId.slice(10, 12)}-${nationalId.slice(12, 14)}`;
    if (embedded !== dateOfBirth) return [{ field: "dateOfBirth", problems: ["dateOfBirth does not match the birth date in the resident id"] }];
  }
  return [];
}
