import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { Consent } from "./consent.entity";

/** The current decision per purpose: the newest record of each purpose. */
export const CURRENT_CONSENTS = relation<Customer, Consent>({
  kind: "list",
  on: () => Customer,
  field: "consents",
  child: () => Consent,
  from: "id",
  to: "customerId",
  latestPer: ["purpose"],
  order: [["recordedAt", "DESC"], ["id", "DESC"]],
  face: { type: () => [Consent], description: "Current consent decision per purpose." },
});

/** The consent relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const CONSENT_RELATIONS = [CURRENT_CONSENTS];
