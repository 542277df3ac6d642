import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { ServiceAlert } from "../alerts/service-alert.entity";
import { Complaint } from "../interaction/complaint.entity";
import { alertPushes, complaintDeadlinePushes, customerChanges } from "./live.service";
import { CustomerChange } from "./live.types";

/** Live subscriptions over graphql-ws (same port, path /graphql): each push re-read through the executor. */
@Resolver()
export class LiveResolver {
  @Subscription(() => CustomerChange, {
    description: "Changes to one customer in your scope, as they are committed (NOT_FOUND when out of scope; no push once it leaves your scope).",
    subscribe: ({ args, context }) => customerChanges(context as RequestContext, String(args.id)),
  })
  customerChanged(@Root() change: CustomerChange, @Arg("id", () => ID, { description: "The customer." }) _id: string): CustomerChange {
    return change;
  }

  @Subscription(() => ServiceAlert, { description: "Your service alerts as they are raised (addressed to you or to your role).", subscribe: ({ context }) => alertPushes(context as RequestContext) })
  myAlerts(@Root() alert: ServiceAlert): ServiceAlert {
    return alert;
  }

  @Subscription(() => Complaint, {
    description: "Complaints in your scope as they come within 4 hours of their deadline or pass it.",
    subscribe: ({ context }) => complaintDeadlinePushes(context as RequestContext),
  })
  complaintDeadlines(@Root() complaint: Complaint): Complaint {
    return complaint;
  }
}
