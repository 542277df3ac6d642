import { derived } from "../../db/derived-values";
import type { RequestContext } from "../../auth/request-context";
import { contactPolicyLoaders } from "../contact-policy/contact-facts";
import { capWindowDays, contactReach } from "../contact-policy/contact-policy.service";
import { ServiceTask } from "./service-task.entity";
import { TaskReach } from "./task.types";

/**
 * Whether the task may reach its customer now: the contact policy's decision for the task's purpose
 * (SERVICE keeps quiet hours and needs a contact point; MARKETING also needs consent, obeys
 * do-not-contact and the cap), the customer's preferred channel first. Computed from the same
 * facts as Customer.contactPolicy (contact-policy-inputs.ts), loaded once per request for a page.
 */
async function reachOf(ctx: RequestContext, task: ServiceTask): Promise<TaskReach> {
  const settings = ctx.config.contactPolicy;
  const loaders = ctx.loaders.get(contactPolicyLoaders);
  const loaded = await loaders.factsAt(loaders.now, capWindowDays(settings)).load(task.customerId);
  return Object.assign(new TaskReach(), { ...contactReach(loaded, task.purpose, loaded.preferredChannel, loaders.now, settings), decidedAt: loaders.now });
}

export const TASK_DERIVED = [
  derived<ServiceTask>({
    on: () => ServiceTask,
    field: "reach",
    face: { type: () => TaskReach, description: "Whether the contact policy lets us reach the customer for this task now, on which channel, or why not." },
    resolve: (ctx, row) => reachOf(ctx, row),
    reads: ["customerId", "purpose"],
  }),
];
