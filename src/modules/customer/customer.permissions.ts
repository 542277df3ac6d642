import { isAuthenticated } from "../../auth/shield-rules";

/** Operations of this module: any signed-in caller; row scope in the service decides what they see. */
export const customerPermissions = {
  Query: {
    customer: isAuthenticated,
    customers: isAuthenticated,
  },
};
