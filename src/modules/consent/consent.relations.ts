import { relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { Consent } from "./consent.entity";

/** The current decisions: the newest record of each purpose as a whole, and of each contact channel of it. */
export const CURRENT_CONSENTS = relation<Customer, Consent>({
  kind: "list",
  on: () => Customer,
  field: "consents",
  child: () => Consent,
  from: "id",
  to: "customerId",
  latestPer: ["purpose", "contactChannel"],
  order: [["recordedAt", "DESC"], ["id", "DESC"]],
  face: { type: () => [Consent], description: "Current consent decision per purpose (contactChannel null), and per contact channel where one was decided." },
});

/** The consent relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const CONSENT_RELATIONS = [CURRENT_CONSENTS];
