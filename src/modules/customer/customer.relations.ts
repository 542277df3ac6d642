import { lookup, relation } from "../../db/relations";
import { StaffUser } from "../staff/staff.entity";
import { Customer } from "./customer.entity";

/** The customer's own relations (the 360 lists are declared by the modules that own them). */
export const CUSTOMER_RELATIONS = [
  relation<Customer, StaffUser>({
    kind: "one",
    on: () => Customer,
    field: "assignedAgent",
    child: () => StaffUser,
    from: "assignedAgentId",
    to: "id",
    face: { type: () => StaffUser, nullable: true, description: "The agent whose book the customer is in." },
  }),
];

/** Customers by id, the rows whose customer (`id`) is in the viewer's row scope: services, node(id) and the compiled roots read it. */
export const CUSTOMER_BY_ID = lookup<Customer>(() => Customer, "id");
