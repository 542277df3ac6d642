import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../auth/request-context";
import { piiCipher } from "../customer/customer-identity.service";
import { PolicyParticipant } from "./policy-participant.entity";

/** Participant fields computed rather than stored as is. */
@Resolver(() => PolicyParticipant)
export class PolicyParticipantResolver {
  @FieldResolver(() => String, { nullable: true, description: "National id of a participant who is no customer (personal data: IDENTITY)." })
  nationalId(@Ctx() ctx: RequestContext, @Root() participant: PolicyParticipant) {
    return participant.nationalIdEncrypted ? piiCipher(ctx).decrypt(participant.nationalIdEncrypted) : null;
  }
}
