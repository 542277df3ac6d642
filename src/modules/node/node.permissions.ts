import { isAuthenticated } from "../../auth/shield-rules";

export const nodePermissions = {
  Query: {
    node: isAuthenticated,
  },
};
