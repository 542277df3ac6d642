import { Field, Int, ObjectType } from "type-graphql";
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
