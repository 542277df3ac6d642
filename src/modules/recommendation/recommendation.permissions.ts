import { signedInAs } from "../../auth/role-rules";
import { Role } from "../../auth/role";

/** Offers are for marketing and administrators; answers are recorded by whoever hears them (row scope in the service). */
export const recommendationPermissions = {
  Query: {
    offers: signedInAs(Role.MARKETING, Role.ADMIN),
  },
  Mutation: {
    recordOfferResponse: signedInAs(Role.AGENT, Role.CUSTOMER, Role.MARKETING, Role.ADMIN),
  },
};
