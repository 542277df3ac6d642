import { relation } from "../../db/relations";
import { PageArgs } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { AuditEntry } from "./audit-entry.entity";
import { AuditEntryConnection } from "./audit.types";

/** The audit relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const AUDIT_RELATIONS = [
  relation<Customer, AuditEntry, PageArgs>({
    kind: "page",
    on: () => Customer,
    field: "accessHistory",
    child: () => AuditEntry,
    from: "id",
    to: "customerId",
    sort: "at",
    direction: "DESC",
    face: {
      type: () => AuditEntryConnection,
      args: () => PageArgs,
      nullable: true,
      description: "Who accessed this customer's personal data, newest first (COMPLIANCE, ADMIN, and the customer themself).",
    },
  }),
];
