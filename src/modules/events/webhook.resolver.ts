import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { WebhookEndpoint } from "./webhook.entity";
import { DateTimeISOResolver } from "graphql-scalars";
import { MAX_ATTEMPTS_SHOWN, webhookLoaders } from "./webhook.loaders";
import { createWebhook, deleteWebhook, enableWebhook, listWebhooks, replayEvents, replayWebhookDeliveries, rotateWebhookSecret } from "./webhook.service";
import { CreatedWebhook, WebhookAttemptView, WebhookHealth } from "./webhook.types";
import { invalidFields } from "../../shared/errors";

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => [WebhookEndpoint], { description: "The webhook endpoints (ADMIN)." })
  webhooks(@Ctx() ctx: RequestContext) {
    return listWebhooks(ctx);
  }

  @FieldResolver(() => WebhookHealth, { description: "Pending, dead and delivered counts, and the last failure." })
  health(@Ctx() ctx: RequestContext, @Root() webhook: WebhookEndpoint) {
    return ctx.loaders.get(webhookLoaders).healthByEndpointId.load(webhook.id);
  }

  @FieldResolver(() => [WebhookAttemptView], { description: "The endpoint's delivery log: its latest attempts, newest first." })
  attempts(
    @Ctx() ctx: RequestContext,
    @Root() webhook: WebhookEndpoint,
    @Arg("last", () => Int, { defaultValue: 20, description: `How many (1 to ${MAX_ATTEMPTS_SHOWN}).` }) last: number,
    @Arg("failedOnly", () => Boolean, { defaultValue: false, description: "Only the attempts that did not deliver." }) failedOnly: boolean,
  ) {
    if (!Number.isInteger(last) || last < 1 || last > MAX_ATTEMPTS_SHOWN) throw invalidFields([{ field: "last", problems: [`last must be from 1 to ${MAX_ATTEMPTS_SHOWN}`] }]);
    return ctx.loaders.get(webhookLoaders).attemptsByEndpointId(last, failedOnly).load(webhook.id);
  }

  @Mutation(() => CreatedWebhook, {
    description: "A new signing secret for an endpoint (ADMIN), shown only here; for graceHours requests are signed with the old one too.",
  })
  rotateWebhookSecret(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The endpoint (WebhookEndpoint.id); NOT_FOUND when unknown." }) id: string,
    @Arg("graceHours", () => Int, { defaultValue: 24, description: "How long the old secret still signs (0 to 168)." }) graceHours: number,
  ) {
    return rotateWebhookSecret(ctx, id, graceHours);
  }

  @Mutation(() => WebhookEndpoint, { description: "Sends to an endpoint again after it was disabled for failing (ADMIN); its waiting deliveries go at once." })
  enableWebhook(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The endpoint (WebhookEndpoint.id); NOT_FOUND when unknown." }) id: string) {
    return enableWebhook(ctx, id);
  }

  @Mutation(() => CreatedWebhook, { description: "Subscribes an endpoint to events (ADMIN); the answer holds its signing secret, shown only here." })
  createWebhook(
    @Ctx() ctx: RequestContext,
    @Arg("url", () => String, { description: "Where events are POSTed: an absolute http or https URL without credentials (else BAD_USER_INPUT)." }) url: string,
    @Arg("eventTypes", () => [String], { description: "Event types, e.g. customer.updated; empty: all." }) eventTypes: string[],
  ) {
    return createWebhook(ctx, url, eventTypes);
  }

  @Mutation(() => Boolean, { description: "Removes an endpoint and its deliveries (ADMIN)." })
  deleteWebhook(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The endpoint (WebhookEndpoint.id); NOT_FOUND when unknown." }) id: string) {
    return deleteWebhook(ctx, id);
  }

  @Mutation(() => Int, {
    description: "Sends an endpoint the events written in [from, to) again, delivered or not (ADMIN; at most 31 days); answers how many. Events not yet handed out are left to the dispatcher.",
  })
  replayEvents(
    @Ctx() ctx: RequestContext,
    @Arg("webhookId", () => ID, { description: "The endpoint to send to (WebhookEndpoint.id), only events of its types; NOT_FOUND when unknown." }) webhookId: string,
    @Arg("from", () => DateTimeISOResolver, { description: "Start of the period (inclusive), by when the events were written." }) from: Date,
    @Arg("to", () => DateTimeISOResolver, { description: "End of the period (exclusive): after from and at most 31 days after it (else BAD_USER_INPUT)." }) to: Date,
  ) {
    return replayEvents(ctx, webhookId, from, to);
  }

  @Mutation(() => Int, { description: "Sends an endpoint's dead deliveries again from now (ADMIN); answers how many." })
  replayWebhookDeliveries(@Ctx() ctx: RequestContext, @Arg("id", () => ID, { description: "The endpoint (WebhookEndpoint.id); NOT_FOUND when unknown." }) id: string) {
    return replayWebhookDeliveries(ctx, id);
  }
}
