import type { ObjectLiteral } from "typeorm";
import type { ChildListSpec } from "../../db/batched-pages";
import type { RequestContext } from "../context";
import { Customer } from "../../modules/customer/customer.entity";
import { CustomerFilter } from "../../modules/customer/customer.inputs";
import { customerPageQuery, type CustomerPageQuery } from "../../modules/customer/customer.service";
import { Policy } from "../../modules/policy/policy.entity";
import { Coverage } from "../../modules/policy/coverage.entity";
import { customerPolicies } from "../../modules/policy/policy.service";

/** A root list the compiled reads answer: its entity and the service query of one page. */
export interface CompiledRoot {
  entity: Function;
  /** Argument classes to validate as the executor would (class-validator rules), by argument name. */
  validated: Record<string, Function>;
  /** Properties any of the root's sort orders encodes in cursors. */
  cursorProperties: string[];
  page: (ctx: RequestContext, args: Record<string, any>) => Promise<CustomerPageQuery>;
}

/** A relation of an entity the compiled reads answer in the same statement as their parent. */
export type CompiledRelation =
  /** A keyset-paginated child list (a connection), exactly as the batched page loader reads it. */
  | { kind: "page"; entity: Function; spec: (args: Record<string, any>) => ChildListSpec<ObjectLiteral> }
  /** All child rows whose `column` holds the parent's id, in a fixed order (a plain list), as its keyed loader reads them. */
  | { kind: "list"; entity: Function; table: string; column: string; order: [string, "ASC" | "DESC"][] };

/**
 * What the compiled read path knows. Everything else in a document (other roots, relations,
 * resolver-backed fields, directives, consent-bound or denied personal fields) sends the whole
 * operation to the executor, which answers it as before. Each entry mirrors a service or loader:
 * the equivalence test (test/compiled-reads.spec.ts) compares both paths answer for answer.
 */
export const COMPILED_ROOTS: Record<string, CompiledRoot> = {
  customers: {
    entity: Customer,
    validated: { filter: CustomerFilter },
    cursorProperties: ["customerNumber", "fullName", "createdAt"],
    page: (ctx, args) => {
      // an exact look-up is audited and rate-limited once, by the executor
      if (args.filter?.nationalId !== undefined && args.filter?.nationalId !== null) throw new Error("look-ups are left to the executor");
      return customerPageQuery(ctx, args.filter, args.orderBy, args);
    },
  },
};

export const COMPILED_RELATIONS: Record<string, CompiledRelation> = {
  "Customer.policies": { kind: "page", entity: Policy, spec: (args) => customerPolicies(args) as ChildListSpec<ObjectLiteral> },
  "Policy.coverages": {
    kind: "list",
    entity: Coverage,
    table: "coverage",
    column: "policy_id",
    order: [["kind", "ASC"], ["id", "ASC"]],
  },
};
