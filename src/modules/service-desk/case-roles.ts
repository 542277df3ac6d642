import { Role } from "../../auth/role";

/**
 * Staff who work cases (and may be assigned one): agents for their book, adjusters for claim
 * matters, compliance for complaints, the contact centre for callers it verified, administrators. Declared once: the shield rules and the
 * assignee check read it; a role not listed (a new one included) is refused by default.
 */
export const CASE_WORKER_ROLES: readonly Role[] = [Role.AGENT, Role.CLAIMS_ADJUSTER, Role.COMPLIANCE, Role.SERVICE_REP, Role.ADMIN];
