import type { RequestContext } from "../../auth/request-context";
import { claimById } from "../claim/claim.service";
import { Claim } from "../claim/claim.entity";
import { customerById } from "../customer/customer.service";
import { Customer } from "../customer/customer.entity";
import { policyById } from "../policy/policy.service";
import { Policy } from "../policy/policy.entity";

/** A type `node(id)` answers: its entity, the column holding the customer whose row scope covers it, and its scoped look-up. */
export interface NodeType {
  entity: () => Function;
  /** The entity's property holding a customer id that must lie in the viewer's row scope (`id` for Customer itself). */
  scopedBy: string;
  byId: (ctx: RequestContext, id: string) => Promise<object | null> | null;
}

/** The types behind `node(id)`, in the order an id is looked for (ids are UUIDs: at most one matches). */
export const NODE_TYPES: NodeType[] = [
  { entity: () => Customer, scopedBy: "id", byId: customerById },
  { entity: () => Policy, scopedBy: "customerId", byId: policyById },
  { entity: () => Claim, scopedBy: "customerId", byId: claimById },
];
