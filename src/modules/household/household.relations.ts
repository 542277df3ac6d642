import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { HouseholdMember } from "./household.types";
import { Relationship } from "./relationship.entity";

/**
 * The household relations: each declared once; loaders, GraphQL fields and compiled reads derive
 * from it. A link whose member lies outside the viewer's row scope is invisible (not a null member).
 */
export const HOUSEHOLD_RELATIONS = [
  relation<Customer, Relationship>({
    kind: "list",
    on: () => Customer,
    field: "household",
    child: () => Relationship,
    childType: () => HouseholdMember,
    from: "id",
    to: "customerId",
    scopedBy: "relatedCustomerId",
    order: [["kind", "ASC"], ["createdAt", "ASC"], ["id", "ASC"]],
    face: { type: () => [HouseholdMember], description: "Related customers in your scope (spouse, children, employer…), by kind, in the order linked." },
  }),
  relation<Relationship, Customer>({
    kind: "one",
    on: () => HouseholdMember,
    field: "member",
    child: () => Customer,
    from: "relatedCustomerId",
    to: "id",
    scopedBy: "id",
    face: { type: () => Customer, description: "The member, as a customer record." },
  }),
];
