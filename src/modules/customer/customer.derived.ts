import { derived } from "../../db/derived-values";
import { Customer } from "./customer.entity";
import { summarySql, summaryRow } from "./customer-summary.query";
import { summaryOf } from "./customer-summary.service";
import { CustomerSummary } from "./customer.types";
import { customerLoaders } from "./customer.loaders";
import type { RequestContext } from "../../auth/request-context";

/** The customer's derived values: each declared once; its GraphQL field, the executor's answer and the compiled read derive from it. */
export const CUSTOMER_DERIVED = [
  derived<Customer>({
    on: () => Customer,
    field: "summary",
    face: { type: () => CustomerSummary, description: "Key figures of the 360 view." },
    resolve: (ctx, customer) => summaryOf(ctx, customer.id),
    reads: ["id"],
    prefetch: {
      sql: (alias, param) => {
        const { select, from } = summarySql(alias, param);
        return `(SELECT row_to_json(s) FROM (SELECT ${select} FROM (SELECT 1) one ${from}) s)`;
      },
      prime: (ctx: RequestContext, customer, json) => ctx.loaders.get(customerLoaders).summaryByCustomerId.prime(customer.id, summaryRow(json as Record<string, unknown>)),
    },
  }),
];
