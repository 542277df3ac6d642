import { lookup, relation } from "../../db/relations";
import { Customer } from "../customer/customer.entity";
import { Coverage } from "./coverage.entity";
import { InsuredObject } from "./insured-object.entity";
import { Policy } from "./policy.entity";
import { PolicyParticipant } from "./policy-participant.entity";
import { PremiumInstalment } from "./premium-instalment.entity";
import { PolicyChange } from "./policy-change.entity";
import { PolicyChangeConnection, PolicyConnection, PolicyListArgs } from "./policy.types";
import { PageArgs } from "../../shared/pagination";

/** The policy relations: each declared once; loaders, GraphQL fields and compiled reads derive from it. */
export const POLICY_RELATIONS = [
  relation<Customer, Policy, PolicyListArgs>({
    kind: "page",
    on: () => Customer,
    field: "policies",
    child: () => Policy,
    from: "id",
    to: "customerId",
    sort: "startDate",
    direction: "DESC",
    filters: (args) => ({ status: args.status }),
    face: { type: () => PolicyConnection, args: () => PolicyListArgs, description: "Policies held, newest cover first." },
  }),
  relation<Policy, Coverage>({
    kind: "list",
    on: () => Policy,
    field: "coverages",
    child: () => Coverage,
    from: "id",
    to: "policyId",
    order: [["kind", "ASC"], ["id", "ASC"]],
    face: { type: () => [Coverage], description: "Covers of the policy." },
  }),
  relation<Policy, Customer>({
    kind: "one",
    on: () => Policy,
    field: "policyholder",
    child: () => Customer,
    from: "customerId",
    to: "id",
    scopedBy: "id",
    face: { type: () => Customer, nullable: true, description: "The policyholder (null when out of your scope)." },
  }),
  relation<Policy, PolicyParticipant>({
    kind: "list",
    on: () => Policy,
    field: "participants",
    child: () => PolicyParticipant,
    from: "id",
    to: "policyId",
    order: [["role", "ASC"], ["order", "ASC"], ["id", "ASC"]],
    face: { type: () => [PolicyParticipant], description: "Policyholder, insured persons, beneficiaries and payer, by role (alphabetical) then order." },
  }),
  relation<PolicyParticipant, Customer>({
    kind: "one",
    on: () => PolicyParticipant,
    field: "customer",
    child: () => Customer,
    from: "participantCustomerId",
    to: "id",
    scopedBy: "id",
    face: { type: () => Customer, nullable: true, description: "The participant's customer record (null for a named person, or when out of your scope)." },
  }),
  relation<Policy, InsuredObject>({
    kind: "list",
    on: () => Policy,
    field: "insuredObjects",
    child: () => InsuredObject,
    from: "id",
    to: "policyId",
    order: [["kind", "ASC"], ["id", "ASC"]],
    face: { type: () => [InsuredObject], description: "What the policy insures: vehicles, properties, persons." },
  }),
  relation<Policy, PremiumInstalment>({
    kind: "list",
    on: () => Policy,
    field: "instalments",
    child: () => PremiumInstalment,
    from: "id",
    to: "policyId",
    order: [["dueDate", "ASC"], ["id", "ASC"]],
    face: { type: () => [PremiumInstalment], description: "Premium instalments, earliest due first." },
  }),
  relation<Customer, PolicyChange>({
    kind: "page",
    on: () => Customer,
    field: "policyChanges",
    child: () => PolicyChange,
    from: "id",
    to: "customerId",
    sort: "occurredAt",
    direction: "DESC",
    face: { type: () => PolicyChangeConnection, args: () => PageArgs, description: "Changes the insurer's core systems made to the customer's policies, newest first." },
  }),
  relation<PolicyChange, Policy>({
    kind: "one",
    on: () => PolicyChange,
    field: "policy",
    child: () => Policy,
    from: "policyId",
    to: "id",
    scopedBy: "customerId",
    face: { type: () => Policy, nullable: true, description: "The policy changed (as it is now)." },
  }),
];

/** Policys by id, the rows whose customer (`customerId`) is in the viewer's row scope: services, node(id) and the compiled roots read it. */
export const POLICY_BY_ID = lookup<Policy>(() => Policy, "customerId");
