import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { StaffUser } from "../staff/staff.entity";

/**
 * The two relations every staff work item (a case, a task) has: its customer, under the viewer's
 * row scope, and the staff user working it (SERVICE in the policy table).
 */
export function workItemRelations<T extends { customerId: string; assigneeId: string | null }>(on: () => new () => T, noun: string) {
  return [
    relation<T, Customer>({
      kind: "one",
      on,
      field: "customer",
      child: () => Customer,
      from: "customerId",
      to: "id",
      scopedBy: "id",
      face: { type: () => Customer, nullable: true, description: "The customer (null when out of your scope)." },
    }),
    relation<T, StaffUser>({
      kind: "one",
      on,
      field: "assignee",
      child: () => StaffUser,
      from: "assigneeId",
      to: "id",
      face: { type: () => StaffUser, nullable: true, description: `The staff user working the ${noun} (SERVICE).` },
    }),
  ];
}
