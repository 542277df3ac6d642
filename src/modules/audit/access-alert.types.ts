import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { Connection } from "../../shared/pagination";
import { Role } from "../../auth/role";

/** A row of `access_alert` (written by the exfiltration monitor, src/auth/exfiltration-monitor.ts). */
@ObjectType({
  description:
    "An exfiltration alert (PIPL duty 12): one actor received personal values of more customers, or more values, than the configured thresholds within a sliding window. At most one per actor per window.",
})
export class AccessAlert {
  @Field(() => ID, { description: "Alert id." })
  id: string;

  @Field(() => DateTimeISOResolver, { description: "When the alert was raised." })
  at: Date;

  @Field(() => ID, { description: "The staff user who received the personal values." })
  actorId: string;

  @Field(() => Role, { description: "Role the actor acted in." })
  role: Role;

  @Field(() => String, { description: "Which threshold was crossed: CUSTOMERS_PER_WINDOW or VALUES_PER_WINDOW." })
  kind: string;

  @Field(() => DateTimeISOResolver, { description: "Start of the window counted." })
  windowStart: Date;

  @Field(() => DateTimeISOResolver, { description: "End of the window counted (when the threshold was crossed)." })
  windowEnd: Date;

  @Field(() => Int, { description: "Distinct customers whose personal values the actor received in the window (counting stops just above the threshold)." })
  customers: number;

  @Field(() => Int, { description: "Personal values (fields × customers) the actor received in the window." })
  values: number;

  @Field(() => String, { description: "The counts and thresholds in words." })
  details: string;
}

export const AccessAlertConnection = Connection(AccessAlert, "AccessAlert");
export type AccessAlertConnection = InstanceType<typeof AccessAlertConnection>;
