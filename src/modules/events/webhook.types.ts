import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { WebhookEndpoint } from "./webhook.entity";

@ObjectType({ description: "A new webhook endpoint and its signing secret — shown this once; store it with the receiver." })
export class CreatedWebhook {
  @Field(() => WebhookEndpoint, { description: "The endpoint." })
  webhook: WebhookEndpoint;

  @Field(() => String, { description: "The Standard Webhooks secret (whsec_…): verify each request's webhook-signature with it." })
  secret: string;
}

@ObjectType({ description: "How an endpoint's deliveries stand." })
export class WebhookHealth {
  @Field(() => Int, { description: "Deliveries waiting for their first or next attempt." })
  pending: number;

  @Field(() => Int, { description: "Deliveries whose retries are spent (replay them with replayWebhookDeliveries)." })
  dead: number;

  @Field(() => Int, { description: "Deliveries the endpoint acknowledged (2xx)." })
  delivered: number;

  @Field(() => String, { nullable: true, description: "The last failure's reason, if any delivery failed." })
  lastError: string | null;
}

@ObjectType("WebhookAttempt", { description: "One attempt to deliver one event to an endpoint (its delivery log)." })
export class WebhookAttemptView {
  @Field(() => ID, { description: "The event (also the webhook-id header)." })
  eventId: string;

  @Field(() => String, { description: "The event's type, e.g. customer.updated." })
  eventType: string;

  @Field(() => Int, { description: "1 for the first attempt of this event, 2 for its first retry, …" })
  attempt: number;

  @Field(() => DateTimeISOResolver, { description: "When it was made." })
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: "The endpoint's HTTP status; null when it did not answer." })
  httpStatus: number | null;

  @Field(() => String, { nullable: true, description: "Why it failed (HTTP status, timeout, connection refused); null when delivered." })
  error: string | null;

  @Field(() => Int, { description: "How long the endpoint took to answer, in milliseconds." })
  durationMs: number;
}
