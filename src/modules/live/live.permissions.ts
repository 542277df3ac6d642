import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";
import { ALERT_RECIPIENT_ROLES } from "../alerts/alert.permissions";

/**
 * Who may subscribe to what, declared once: the shield map below (each push) and the subscribe
 * step (graphql-shield does not run there) both read it.
 */
export const LIVE_ROLES = {
  /** Everyone who reads customers (row scope decides which), a customer their own record; not INTEGRATION (webhooks and NATS are its channels). */
  customerChanged: [Role.AGENT, Role.UNDERWRITER, Role.CLAIMS_ADJUSTER, Role.MARKETING, Role.COMPLIANCE, Role.ADMIN, Role.CUSTOMER],
  myAlerts: [...ALERT_RECIPIENT_ROLES],
  /** Those who handle complaints. */
  complaintDeadlines: [Role.AGENT, Role.COMPLIANCE, Role.ADMIN],
} as const satisfies Record<string, readonly Role[]>;

const change = signedInAs(...LIVE_ROLES.customerChanged);

export const livePermissions = {
  Subscription: {
    customerChanged: change,
    myAlerts: signedInAs(...LIVE_ROLES.myAlerts),
    complaintDeadlines: signedInAs(...LIVE_ROLES.complaintDeadlines),
  },
  CustomerChange: { eventId: change, eventType: change, changedFields: change, occurredAt: change, customer: change },
};
