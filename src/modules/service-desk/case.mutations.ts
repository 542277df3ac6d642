import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { assignCase, openCase, transitionCase } from "./case-write.service";
import { OpenCaseInput } from "./case.inputs";
import { CaseQueue, CaseStatus, ServiceCase } from "./service-case.entity";

const VERSION = { nullable: true, description: "The version you read; when given and stale → CONFLICT." } as const;

@Resolver(() => ServiceCase)
export class CaseMutations {
  @Mutation(() => ServiceCase, { description: "Opens a case (NEW) for a customer in your scope; its SLA clocks start at openedAt." })
  openCase(@Ctx() ctx: RequestContext, @Arg("input", () => OpenCaseInput, { description: "The customer, subject, channel, queue and priority of the case; a customer out of your row scope is NOT_FOUND." }) input: OpenCaseInput) {
    return openCase(ctx, input);
  }

  @Mutation(() => ServiceCase, {
    description:
      "Moves a case one step: NEW → IN_PROGRESS | WAITING_ON_CUSTOMER | RESOLVED (leaving NEW is the first response); IN_PROGRESS ⇄ WAITING_ON_CUSTOMER " +
      "(waiting stops the SLA clocks); → RESOLVED (note: the resolution) → CLOSED; RESOLVED or CLOSED → IN_PROGRESS reopens within 14 days of the " +
      "resolution (note: the reason). An illegal, late or concurrent step gets CONFLICT and changes nothing.",
  })
  transitionCase(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The case." }) id: string,
    @Arg("to", () => CaseStatus, { description: "The state to move to." }) to: CaseStatus,
    @Arg("note", () => String, { nullable: true, description: "The resolution (to RESOLVED) or the reason (reopen); 1–4000 characters; not given with other moves." })
    note?: string | null,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion?: number | null,
  ) {
    return transitionCase(ctx, id, { to, note, expectedVersion });
  }

  @Mutation(() => ServiceCase, { description: "Gives an open case to a staff user (null: back to its queue) and/or another queue." })
  assignCase(
    @Ctx() ctx: RequestContext,
    @Arg("id", () => ID, { description: "The case." }) id: string,
    @Arg("assigneeId", () => ID, { nullable: true, description: "An active case worker who can see the customer (an agent: only in their book); null unassigns." })
    assigneeId?: string | null,
    @Arg("queue", () => CaseQueue, { nullable: true, description: "The queue to move it to." }) queue?: CaseQueue | null,
    @Arg("expectedVersion", () => Int, VERSION) expectedVersion?: number | null,
  ) {
    return assignCase(ctx, id, { assigneeId, queue, expectedVersion });
  }
}
