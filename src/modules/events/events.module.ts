import type { DomainModule } from "../domain-module";
import { OutboxEvent } from "./outbox-event.entity";
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from "./webhook.entity";
import { webhookPermissions } from "./webhook.permissions";
import { WebhookResolver } from "./webhook.resolver";

/** The transactional outbox and its webhook delivery (src/modules/events/webhook-dispatcher.ts). */
export const eventsModule: DomainModule = {
  name: "events",
  entities: [OutboxEvent, WebhookEndpoint, WebhookDelivery, WebhookAttempt],
  resolvers: [WebhookResolver],
  permissions: [webhookPermissions],
};
