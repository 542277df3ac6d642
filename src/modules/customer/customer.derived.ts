import { derived } from "../../db/derived-values";
import { Customer } from "./customer.entity";
import { SUMMARY_SOURCES, summarySql, summaryRow, type SummarySource } from "./customer-summary.query";
import { SUMMARY_INPUTS, summaryOf } from "./customer-summary.service";
import { CustomerSummary } from "./customer.types";
import { customerLoaders } from "./customer.loaders";
import type { RequestContext } from "../../auth/request-context";

/**
 * The tables the asked figures are computed from, as SUMMARY_INPUTS declares their inputs
 * (`Policy.status` → Policy). An input of another entity is a figure this query cannot leave out.
 */
export function summarySourcesOf(figures: ReadonlySet<string>): Set<SummarySource> {
  const sources = new Set<SummarySource>();
  for (const figure of figures) {
    const inputs = SUMMARY_INPUTS[figure as keyof typeof SUMMARY_INPUTS]?.inputs;
    if (!inputs) return new Set(SUMMARY_SOURCES);
    for (const input of inputs) {
      const entity = input.split(".")[0] as SummarySource;
      if (!SUMMARY_SOURCES.includes(entity)) return new Set(SUMMARY_SOURCES);
      sources.add(entity);
    }
  }
  return sources;
}

/** The customer's derived values: each declared once; its GraphQL field, the executor's answer and the compiled read derive from it. */
export const CUSTOMER_DERIVED = [
  derived<Customer>({
    on: () => Customer,
    field: "summary",
    face: { type: () => CustomerSummary, description: "Key figures of the 360 view." },
    resolve: (ctx, customer) => summaryOf(ctx, customer.id),
    reads: ["id"],
    prefetch: {
      sql: (alias, param, fields) => {
        const { select, from } = summarySql(alias, param, fields ? summarySourcesOf(fields) : undefined);
        return `(SELECT row_to_json(s) FROM (SELECT ${select} FROM (SELECT 1) one ${from}) s)`;
      },
      prime: (ctx: RequestContext, customer, json) => ctx.loaders.get(customerLoaders).summaryByCustomerId.prime(customer.id, summaryRow(json as Record<string, unknown>)),
    },
  }),
];
