import { Field, ID, InputType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { CustomerRequestFields } from "../interaction/interaction-write.inputs";
import { CasePriority } from "./sla-policy";
import { CaseQueue } from "./service-case.entity";

@InputType({ description: "A service request to open as a case (NEW); its SLA clocks start at openedAt." })
export class OpenCaseInput extends CustomerRequestFields {
  @Field(() => CasePriority, { defaultValue: CasePriority.NORMAL, description: "Priority (with the channel it decides the SLA targets)." })
  priority: CasePriority;

  @Field(() => CaseQueue, { defaultValue: CaseQueue.GENERAL, description: "Queue to work it from (staff; a customer's own request goes to GENERAL)." })
  queue: CaseQueue;

  @Field(() => ID, { nullable: true, description: "The customer's service contact the request came from." })
  originInteractionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Staff user to work it (staff only; default: nobody, it waits in its queue)." })
  assigneeId?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the request was received (default: now; not in the future)." })
  openedAt?: Date | null;
}
