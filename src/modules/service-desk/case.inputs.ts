import { Field, ID, InputType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { IsOptional, Matches, MaxLength, MinLength } from "class-validator";
import { Channel } from "../customer/customer.enums";
import { CasePriority } from "./sla-policy";
import { CaseQueue } from "./service-case.entity";

@InputType({ description: "A service request to open as a case (NEW); its SLA clocks start at openedAt." })
export class OpenCaseInput {
  @Field(() => ID, { description: "The customer." })
  customerId: string;

  @Field(() => Channel, { description: "Channel the request came in on." })
  channel: Channel;

  @Field(() => CasePriority, { defaultValue: CasePriority.NORMAL, description: "Priority (with the channel it decides the SLA targets)." })
  priority: CasePriority;

  @Field(() => CaseQueue, { defaultValue: CaseQueue.GENERAL, description: "Queue to work it from (staff; a customer's own request goes to GENERAL)." })
  queue: CaseQueue;

  @Field(() => String, { description: "What is asked for (1–200 characters)." })
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: "subject must not be blank" })
  subject: string;

  @Field(() => String, { nullable: true, description: "Staff notes (INTERNAL), up to 4000 characters." })
  @IsOptional()
  @MaxLength(4000)
  notes?: string | null;

  @Field(() => ID, { nullable: true, description: "The customer's service contact the request came from." })
  originInteractionId?: string | null;

  @Field(() => ID, { nullable: true, description: "Staff user to work it (staff only; default: nobody, it waits in its queue)." })
  assigneeId?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true, description: "When the request was received (default: now; not in the future)." })
  openedAt?: Date | null;
}
