import type { RequestContext } from "../../graphql/context";
import type { ChildListSpec } from "../../db/batched-pages";
import { pageRequest, toConnection } from "../../shared/pagination";
import { Complaint } from "./complaint.entity";
import { Interaction } from "./interaction.entity";
import {
  ComplaintConnection,
  InteractionConnection,
  type ComplaintListArgs,
  type InteractionListArgs,
} from "./interaction.types";

const customerInteractions = (args: InteractionListArgs): ChildListSpec<Interaction> => ({
  target: Interaction,
  table: "interaction",
  parentColumn: "customer_id",
  parentProperty: "customerId",
  sortColumn: "occurred_at",
  sortProperty: "occurredAt",
  sortCast: "timestamptz",
  direction: "DESC",
  filters: { channel: args.channel, kind: args.kind },
});

const customerComplaints = (args: ComplaintListArgs): ChildListSpec<Complaint> => ({
  target: Complaint,
  table: "complaint",
  parentColumn: "customer_id",
  parentProperty: "customerId",
  sortColumn: "received_at",
  sortProperty: "receivedAt",
  sortCast: "timestamptz",
  direction: "DESC",
  filters: { status: args.status },
});

export async function interactionsOfCustomer(ctx: RequestContext, customerId: string, args: InteractionListArgs) {
  const page = await ctx.loaders.childPages(customerInteractions(args), args).load(customerId);
  return toConnection(page, InteractionConnection);
}

export async function complaintsOfCustomer(ctx: RequestContext, customerId: string, args: ComplaintListArgs) {
  const page = await ctx.loaders.childPages(customerComplaints(args), args).load(customerId);
  return toConnection(page, ComplaintConnection);
}

export function complaintOf(ctx: RequestContext, interaction: Interaction): Promise<Complaint | null> {
  return ctx.loaders.complaintByInteractionId.load(interaction.id);
}
