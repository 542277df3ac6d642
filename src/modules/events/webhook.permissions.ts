import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

const admins = signedInAs(Role.ADMIN);

/** Webhook endpoints are company plumbing: ADMIN only. Their fields carry no customer data (events are thin). */
export const webhookPermissions = {
  Query: { webhooks: admins },
  Mutation: { createWebhook: admins, deleteWebhook: admins, replayWebhookDeliveries: admins, replayEvents: admins, rotateWebhookSecret: admins, enableWebhook: admins },
  WebhookEndpoint: { id: admins, url: admins, eventTypes: admins, active: admins, createdAt: admins, health: admins, attempts: admins,
    previousSecretUntil: admins, failingSince: admins, disabledAt: admins },
  WebhookHealth: { pending: admins, dead: admins, delivered: admins, lastError: admins },
  WebhookAttempt: { eventId: admins, eventType: admins, attempt: admins, attemptedAt: admins, httpStatus: admins, error: admins, durationMs: admins },
  CreatedWebhook: { webhook: admins, secret: admins },
};
