import type { RequestContext } from "../../auth/request-context";
import { Customer } from "../../modules/customer/customer.entity";
import { CustomerFilter } from "../../modules/customer/customer.inputs";
import { customerPageQuery, type CustomerPageQuery } from "../../modules/customer/customer.service";
import { DERIVED, RELATIONS } from "../../modules";
import type { DerivedValue } from "../../db/derived-values";
import type { Relation, ScopedLookup } from "../../db/relations";
import { derivedByName, relationsByName } from "../relation-fields";
import { NODE_LOOKUPS } from "../../modules/node/node-types";
import { CUSTOMER_BY_ID } from "../../modules/customer/customer.relations";
import { listOffers } from "../../modules/recommendation/recommendation.service";
import { OfferArgs } from "../../modules/recommendation/recommendation.types";
import { pageOfConnection, type PageOf } from "./read-result";
import { nodePropertiesRead, type ConnectionPlan } from "./read-plan";

/** A root the compiled reads answer: a list (one page of the service's query) or one row by id. */
export type CompiledRoot =
  | {
      kind: "page";
      entity: Function;
      /** Argument classes to validate as the executor would (class-validator rules), by argument name. */
      validated: Record<string, Function>;
      /** Properties any of the root's sort orders encodes in cursors. */
      cursorProperties: string[];
      page: (ctx: RequestContext, args: Record<string, any>) => Promise<CustomerPageQuery>;
    }
  | {
      /** One row by its `id` argument, read as its module's scoped look-up reads it. */
      kind: "one";
      lookup: ScopedLookup;
    }
  | {
      /**
       * A page of objects a module's code computes (offers: each customer's ranking): the service
       * answers as it does for the executor, and the plan walks its objects (no field-by-field execution).
       */
      kind: "computed";
      /** The arguments' class, validated as the executor validates it (class-validator rules). */
      args: Function;
      /** The page, given the plan of the answer (so that the service reads what the answer reads). */
      page: (ctx: RequestContext, args: Record<string, any>, answer: ConnectionPlan) => Promise<PageOf>;
    }
  | {
      /** `node(id)`: a row of whichever declared node type has the id, in the order the node module looks. */
      kind: "node";
      lookups: readonly ScopedLookup[];
    };

/**
 * The roots the compiled reads answer, each the same query as its service: `customers` through
 * `customerPageQuery`, `customer(id)` through the viewer's row scope as `customerById`, `offers`
 * through `listOffers`. Every other root goes to the executor.
 */
export const COMPILED_ROOTS: Record<string, CompiledRoot> = {
  customers: {
    kind: "page",
    entity: Customer,
    validated: { filter: CustomerFilter },
    cursorProperties: ["customerNumber", "fullName", "createdAt"],
    page: (ctx, args) => {
      // an exact look-up is audited and rate-limited once, by the executor
      if (args.filter?.nationalId !== undefined && args.filter?.nationalId !== null) throw new Error("look-ups are left to the executor");
      return customerPageQuery(ctx, args.filter, args.orderBy, args);
    },
  },
  customer: {
    kind: "one",
    lookup: CUSTOMER_BY_ID,
  },
  // the node module's own list of types, in its order (and each type's row scope)
  node: { kind: "node", lookups: NODE_LOOKUPS },
  offers: {
    kind: "computed",
    args: OfferArgs,
    page: async (ctx, args, answer) => pageOfConnection(await listOffers(ctx, args as OfferArgs, { customerProperties: nodePropertiesRead(answer, "customer") })),
  },
};

/** The declared relations (each module's `.relations.ts`) by `<type>.<field>`: the compiled reads know exactly these. */
export const COMPILED_RELATIONS: ReadonlyMap<string, Relation> = relationsByName(RELATIONS);

/** The declared derived values (each module's `.derived.ts`) by `<type>.<field>`: compiled reads call their `resolve` on the rows they build. */
export const COMPILED_DERIVED: ReadonlyMap<string, DerivedValue> = derivedByName(DERIVED);
