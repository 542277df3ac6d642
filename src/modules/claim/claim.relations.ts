import { lookup, relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { Policy } from "../policy/policy.entity";
import { StaffUser } from "../staff/staff.entity";
import { ClaimEvent } from "./claim-event.entity";
import { Claim } from "./claim.entity";
import { ClaimConnection, ClaimListArgs } from "./claim.types";

/** The claim relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const CLAIM_RELATIONS = [
  relation<Customer, Claim, ClaimListArgs>({
    kind: "page",
    on: () => Customer,
    field: "claims",
    child: () => Claim,
    from: "id",
    to: "customerId",
    sort: "reportedAt",
    direction: "DESC",
    filters: (args) => ({ status: args.status }),
    face: { type: () => ClaimConnection, args: () => ClaimListArgs, description: "Claims made, newest first." },
  }),
  relation<Claim, ClaimEvent>({
    kind: "list",
    on: () => Claim,
    field: "events",
    child: () => ClaimEvent,
    from: "id",
    to: "claimId",
    order: [["occurredAt", "ASC"], ["id", "ASC"]],
    face: { type: () => [ClaimEvent], description: "The claim's workflow history, oldest first." },
  }),
  relation<Claim, Policy>({
    kind: "one",
    on: () => Claim,
    field: "policy",
    child: () => Policy,
    from: "policyId",
    to: "id",
    scopedBy: "customerId",
    face: { type: () => Policy, nullable: true, description: "The policy claimed under." },
  }),
  relation<Claim, Customer>({
    kind: "one",
    on: () => Claim,
    field: "claimant",
    child: () => Customer,
    from: "customerId",
    to: "id",
    scopedBy: "id",
    face: { type: () => Customer, nullable: true, description: "The claimant (null when out of your scope)." },
  }),
  relation<Claim, StaffUser>({
    kind: "one",
    on: () => Claim,
    field: "assignedAdjuster",
    child: () => StaffUser,
    from: "assignedAdjusterId",
    to: "id",
    face: { type: () => StaffUser, nullable: true, description: "The adjuster handling the claim." },
  }),
];

/** Claims by id, the rows whose customer (`customerId`) is in the viewer's row scope: services, node(id) and the compiled roots read it. */
export const CLAIM_BY_ID = lookup<Claim>(() => Claim, "customerId");
