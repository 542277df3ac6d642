import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { SourceKey } from "./source-key.entity";

/**
 * The keys under which other systems know a customer. Record ids are UUIDs unique across tables,
 * so `record_id = customer.id` selects the customer's own keys (not those of its policies).
 */
export const SOURCE_RELATIONS = [
  relation<Customer, SourceKey>({
    kind: "list",
    on: () => Customer,
    field: "sourceKeys",
    child: () => SourceKey,
    from: "id",
    to: "recordId",
    order: [["sourceSystem", "ASC"], ["sourceId", "ASC"]],
    face: { type: () => [SourceKey], description: "The systems that know this customer and under which id (customer360 for records created here)." },
  }),
];
