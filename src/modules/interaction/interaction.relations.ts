import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { StaffUser } from "../staff/staff.entity";
import { Complaint } from "./complaint.entity";
import { Interaction } from "./interaction.entity";
import { ComplaintConnection, ComplaintListArgs, InteractionConnection, InteractionListArgs } from "./interaction.types";

/** The interaction and complaint relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const INTERACTION_RELATIONS = [
  relation<Customer, Interaction, InteractionListArgs>({
    kind: "page",
    on: () => Customer,
    field: "interactions",
    child: () => Interaction,
    from: "id",
    to: "customerId",
    sort: "occurredAt",
    direction: "DESC",
    filters: (args) => ({ channel: args.channel, kind: args.kind }),
    face: { type: () => InteractionConnection, args: () => InteractionListArgs, description: "Service contacts, newest first." },
  }),
  relation<Customer, Complaint, ComplaintListArgs>({
    kind: "page",
    on: () => Customer,
    field: "complaints",
    child: () => Complaint,
    from: "id",
    to: "customerId",
    sort: "receivedAt",
    direction: "DESC",
    filters: (args) => ({ status: args.status }),
    face: { type: () => ComplaintConnection, args: () => ComplaintListArgs, description: "Complaints, newest first." },
  }),
  relation<Interaction, Complaint>({
    kind: "one",
    on: () => Interaction,
    field: "complaint",
    child: () => Complaint,
    from: "id",
    to: "interactionId",
    face: { type: () => Complaint, nullable: true, description: "The complaint received in this contact, if any." },
  }),
  relation<Interaction, StaffUser>({
    kind: "one",
    on: () => Interaction,
    field: "staff",
    child: () => StaffUser,
    from: "staffId",
    to: "id",
    face: { type: () => StaffUser, nullable: true, description: "Staff user who handled the contact." },
  }),
];
