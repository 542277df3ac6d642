import type { RequestContext } from "../../auth/request-context";
import type { ScopedLookup } from "../../db/relations";
import { claimById } from "../claim/claim.service";
import { CLAIM_BY_ID } from "../claim/claim.relations";
import { customerById } from "../customer/customer.service";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { policyById } from "../policy/policy.service";
import { POLICY_BY_ID } from "../policy/policy.relations";

/** A type `node(id)` answers: its module's scoped look-up (entity and row-scope column) and the service that reads it. */
export interface NodeType {
  lookup: ScopedLookup;
  byId: (ctx: RequestContext, id: string) => Promise<object | null> | null;
}

/** The types behind `node(id)`, in the order an id is looked for (ids are UUIDs: at most one matches). */
export const NODE_TYPES: NodeType[] = [
  { lookup: CUSTOMER_BY_ID, byId: customerById },
  { lookup: POLICY_BY_ID, byId: policyById },
  { lookup: CLAIM_BY_ID, byId: claimById },
];
