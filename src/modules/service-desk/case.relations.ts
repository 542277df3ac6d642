import { lookup, relation } from "../../db/relations";
import { workItemRelations } from "./work-item.relations";
import { Customer } from "../customer/customer.entity";
import { Complaint } from "../interaction/complaint.entity";
import { Interaction } from "../interaction/interaction.entity";
import { ServiceCase } from "./service-case.entity";
import { CaseConnection, CaseListArgs } from "./case.types";

/** The case relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const CASE_RELATIONS = [
  relation<Customer, ServiceCase, CaseListArgs>({
    kind: "page",
    on: () => Customer,
    field: "cases",
    child: () => ServiceCase,
    from: "id",
    to: "customerId",
    sort: "openedAt",
    direction: "DESC",
    filters: (args) => ({ status: args.status }),
    face: { type: () => CaseConnection, args: () => CaseListArgs, description: "Service requests (cases), newest first." },
  }),
  ...workItemRelations(() => ServiceCase, "case"),
  relation<ServiceCase, Complaint>({
    kind: "one",
    on: () => ServiceCase,
    field: "complaint",
    child: () => Complaint,
    from: "complaintId",
    to: "id",
    scopedBy: "customerId",
    face: { type: () => Complaint, nullable: true, description: "The complaint this case handles, if any." },
  }),
  relation<ServiceCase, Interaction>({
    kind: "one",
    on: () => ServiceCase,
    field: "originInteraction",
    child: () => Interaction,
    from: "originInteractionId",
    to: "id",
    scopedBy: "customerId",
    face: { type: () => Interaction, nullable: true, description: "The service contact the case was opened from, if any." },
  }),
  relation<Complaint, ServiceCase>({
    kind: "one",
    on: () => Complaint,
    field: "case",
    child: () => ServiceCase,
    from: "id",
    to: "complaintId",
    scopedBy: "customerId",
    face: { type: () => ServiceCase, nullable: true, description: "The case the complaint is handled in: its queue, assignee and SLA clocks (null for complaints filed before cases existed)." },
  }),
];

/** Cases by id, the rows whose customer is in the viewer's row scope: services and the compiled roots read it. */
export const CASE_BY_ID = lookup<ServiceCase>(() => ServiceCase, "customerId");
