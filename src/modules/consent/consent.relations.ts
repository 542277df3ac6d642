import { relation } from "../../db/relations";
import { PageArgs } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { Consent } from "./consent.entity";
import { ConsentConnection } from "./consent.types";

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

/** Every decision ever recorded (grants, refusals, withdrawals), newest first: the list the timeline's CONSENT entries come from. */
export const CONSENT_HISTORY = relation<Customer, Consent, PageArgs>({
  kind: "page",
  on: () => Customer,
  field: "consentHistory",
  child: () => Consent,
  from: "id",
  to: "customerId",
  sort: "recordedAt",
  direction: "DESC",
  face: { type: () => ConsentConnection, args: () => PageArgs, description: "Every consent decision recorded (history), newest first; `consents` gives the one in force per purpose." },
});

/** The consent relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const CONSENT_RELATIONS = [CURRENT_CONSENTS, CONSENT_HISTORY];
