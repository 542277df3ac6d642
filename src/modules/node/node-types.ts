import type { ScopedLookup } from "../../db/relations";
import { CLAIM_BY_ID } from "../claim/claim.relations";
import { CUSTOMER_BY_ID } from "../customer/customer.relations";
import { POLICY_BY_ID } from "../policy/policy.relations";

/**
 * The types behind `node(id)`, each its module's scoped look-up, in the order an id is looked for
 * (ids are UUIDs: at most one matches). The executor and the compiled root both read this list.
 */
export const NODE_LOOKUPS: readonly ScopedLookup<object>[] = [CUSTOMER_BY_ID, POLICY_BY_ID, CLAIM_BY_ID];
