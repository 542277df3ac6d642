import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { WebhookEndpoint } from "./webhook.entity";
import { DateTimeISOResolver } from "graphql-scalars";
import { createWebhook, deleteWebhook, listWebhooks, replayEvents, replayWebhookDeliveries, webhookHealth } from "./webhook.service";
import { CreatedWebhook, WebhookHealth } from "./webhook.types";

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => [WebhookEndpoint], { description: "The webhook endpoints (ADMIN)." })
  webhooks(@Ctx() ctx: RequestContext) {
    return listWebhooks(ctx);
  }

  @FieldResolver(() => WebhookHealth, { description: "Pending, dead and delivered counts, and the last failure." })
  health(@Ctx() ctx: RequestContext, @Root() webhook: WebhookEndpoint) {
    return webhookHealth(ctx, webhook);
  }

  @Mutation(() => CreatedWebhook, { description: "Subscribes an endpoint to events (ADMIN); the answer holds its signing secret, shown only here." })
  createWebhook(
    @Ctx() ctx: RequestContext,
    @Arg("url", () => String) url: string,
    @Arg("eventTypes", () => [String], { description: "Event types, e.g. customer.updated; empty: all." }) eventTypes: string[],
  ) {
    return createWebhook(ctx, url, eventTypes);
  }

  @Mutation(() => Boolean, { description: "Removes an endpoint and its deliveries (ADMIN)." })
  deleteWebhook(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return deleteWebhook(ctx, id);
  }

  @Mutation(() => Int, {
    description: "Sends an endpoint the events written in [from, to) again, delivered or not (ADMIN; at most 31 days); answers how many. Events not yet handed out are left to the dispatcher.",
  })
  replayEvents(
    @Ctx() ctx: RequestContext,
    @Arg("webhookId", () => ID) webhookId: string,
    @Arg("from", () => DateTimeISOResolver) from: Date,
    @Arg("to", () => DateTimeISOResolver) to: Date,
  ) {
    return replayEvents(ctx, webhookId, from, to);
  }

  @Mutation(() => Int, { description: "Sends an endpoint's dead deliveries again from now (ADMIN); answers how many." })
  replayWebhookDeliveries(@Ctx() ctx: RequestContext, @Arg("id", () => ID) id: string) {
    return replayWebhookDeliveries(ctx, id);
  }
}
