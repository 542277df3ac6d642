import type { RequestContext } from "../../auth/request-context";
import { BadUserInputError, ForbiddenError } from "../../shared/errors";
import { piiCipher } from "../customer/customer-identity.service";
import { normalizePhone } from "../identity/matching/phone";
import { CallerFact, CallerIdentifier, CallerVerification } from "./caller-verification.entity";
import type { VerifyCallerInput } from "./caller.types";

/** How long a passed verification lets the representative serve the caller. */
export const VERIFICATION_MINUTES = 30;
/** Failed verifications of one customer within an hour (by anyone) after which it cannot pass until the hour has gone by. */
export const FAILURES_BEFORE_LOCK = 3;
/** The facts every verification compares, in this order. */
const FACTS = [CallerFact.DATE_OF_BIRTH, CallerFact.NATIONAL_ID_LAST4];
/** Customers an identifier may name (a shared phone); beyond it the caller needs another identifier. */
const MAX_CANDIDATES = 5;

interface Candidate {
  id: string;
  date_of_birth: string | null;
  national_id_encrypted: string | null;
  recent_failures: number;
}

/** The one identifier given, normalized, with the SQL condition that finds its customers. */
function identifierOf(input: VerifyCallerInput): { kind: CallerIdentifier; value: string; where: string } {
  const given = [
    input.customerNumber?.trim() ? { kind: CallerIdentifier.CUSTOMER_NUMBER, value: input.customerNumber.trim(), where: "c.customer_number = $1" } : null,
    input.policyNumber?.trim()
      ? { kind: CallerIdentifier.POLICY_NUMBER, value: input.policyNumber.trim(), where: "EXISTS (SELECT 1 FROM policy p WHERE p.customer_id = c.id AND p.policy_number = $1)" }
      : null,
    input.phone?.trim() ? { kind: CallerIdentifier.PHONE, value: input.phone, where: "c.phone = $1" } : null,
  ].filter((entry) => entry !== null);
  if (given.length !== 1) throw new BadUserInputError("Give exactly one of customerNumber, policyNumber, phone", { field: "input" });
  const [identifier] = given;
  if (identifier.kind === CallerIdentifier.PHONE) {
    const phone = normalizePhone(identifier.value);
    if (!phone) throw new BadUserInputError("phone is not a phone number", { field: "input.phone" });
    return { ...identifier, value: phone };
  }
  return identifier;
}

function checkFacts(input: VerifyCallerInput): { dateOfBirth: string; last4: string } {
  const dateOfBirth = input.dateOfBirth.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) || Number.isNaN(Date.parse(`${dateOfBirth}T00:00:00Z`)) || new Date(`${dateOfBirth}T00:00:00Z`).toISOString().slice(0, 10) !== dateOfBirth) {
    throw new BadUserInputError("dateOfBirth must be a date, YYYY-MM-DD", { field: "input.dateOfBirth" });
  }
  const last4 = input.nationalIdLast4.trim().toUpperCase();
  if (!/^[0-9X]{4}$/.test(last4)) throw new BadUserInputError("nationalIdLast4 must be four digits or X", { field: "input.nationalIdLast4" });
  return { dateOfBirth, last4 };
}

/**
 * A contact-centre representative verifies a caller: the identifier names the customers it may be,
 * and the caller's date of birth and the last four characters of their national id are compared
 * with each. It passes when exactly one customer matches every fact and that customer has had
 * fewer than FAILURES_BEFORE_LOCK failed verifications in the last hour; the representative may then
 * serve that customer for VERIFICATION_MINUTES (row scope). The answer says passed or not and
 * nothing else: an unknown identifier, a wrong fact and a locked customer look the same. Every
 * attempt takes one look-up from the representative's hourly budget, is kept (which facts were
 * checked, the outcome), and is a LOOKUP in the access audit.
 */
export async function verifyCaller(ctx: RequestContext, input: VerifyCallerInput): Promise<CallerVerification> {
  if (ctx.viewer.kind !== "staff") throw new ForbiddenError("Only staff verify callers", { reason: "ROLE" });
  const staffId = ctx.viewer.id;
  const identifier = identifierOf(input);
  const facts = checkFacts(input);
  const retryAfterSeconds = await ctx.takeLookup(staffId);
  if (retryAfterSeconds !== undefined) {
    throw new ForbiddenError(`At most ${ctx.config.lookupsPerHour} look-ups and caller verifications per hour`, { reason: "LOOKUP_LIMIT", retryAfterSeconds });
  }
  const candidates: Candidate[] = await ctx.db.query(
    `SELECT c.id, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.national_id_encrypted,
            (SELECT count(*)::int FROM caller_verification v WHERE v.customer_id = c.id AND NOT v.passed AND v.verified_at > now() - interval '1 hour') AS recent_failures
       FROM customer c WHERE c.erased_at IS NULL AND ${identifier.where} ORDER BY c.id LIMIT ${MAX_CANDIDATES + 1}`,
    [identifier.value],
  );
  const cipher = piiCipher(ctx);
  const matching = candidates.length > MAX_CANDIDATES ? [] : candidates.filter((candidate) =>
    candidate.date_of_birth === facts.dateOfBirth &&
    candidate.national_id_encrypted !== null &&
    cipher.decrypt(candidate.national_id_encrypted).toUpperCase().endsWith(facts.last4));
  const passed = matching.length === 1 && matching[0].recent_failures < FAILURES_BEFORE_LOCK;
  // a failure counts against the customer the identifier named, when it named one
  const customerId = passed ? matching[0].id : candidates.length === 1 ? candidates[0].id : null;
  const [row] = await ctx.db.query(
    `INSERT INTO caller_verification (staff_id, customer_id, identified_by, checked_facts, passed, verified_at, expires_at, request_id)
     VALUES ($1, $2, $3, $4::varchar[], $5, now(), CASE WHEN $5 THEN now() + make_interval(mins => $6) END, $7)
     RETURNING id`,
    [staffId, customerId, identifier.kind, FACTS, passed, VERIFICATION_MINUTES, ctx.requestId],
  );
  for (const field of ["Customer.dateOfBirth", "Customer.nationalId"]) ctx.audit.record(customerId, field, "LOOKUP");
  return ctx.db.getRepository(CallerVerification).findOneByOrFail({ id: row.id });
}
