import { registerEnumType } from "type-graphql";
import { derived } from "../../db/derived-values";
import type { RequestContext } from "../../auth/request-context";
import { Policy, PolicyStatus } from "./policy.entity";
import { instalmentDatesSql, policyLoaders } from "./policy.loaders";
import { BILLING_STATUS_MEANING, BillingStatus, billingStatusOf, utcDate, type InstalmentDates } from "./premium-billing";
import { describedValues } from "../../shared/described-values";

registerEnumType(BillingStatus, {
  name: "BillingStatus",
  description: "Where a policy stands with its premium payments.",
  valuesConfig: describedValues(BILLING_STATUS_MEANING),
});

/** The policy's derived values: each declared once; its GraphQL field, the executor's answer and the compiled read derive from it. */
export const POLICY_DERIVED = [
  // computed from instalment dates and payments (PUBLIC, as Policy.premium) and the policy status
  derived<Policy>({
    on: () => Policy,
    field: "billingStatus",
    face: { type: () => BillingStatus, description: "Where the premium stands today (UTC): up to date, in the grace period, overdue past it, or lapsed." },
    resolve: async (ctx: RequestContext, policy) => {
      const instalments = await ctx.loaders.get(policyLoaders).instalmentDatesByPolicyId.load(policy.id);
      return billingStatusOf(instalments, policy.status === PolicyStatus.LAPSED, utcDate(new Date()));
    },
    reads: ["id", "status"],
    prefetch: {
      sql: (alias) => instalmentDatesSql(`${alias}.id`),
      prime: (ctx: RequestContext, policy, json) => ctx.loaders.get(policyLoaders).instalmentDatesByPolicyId.prime(policy.id, json as InstalmentDates[]),
    },
  }),
];
