import { Role } from "../../auth/role";
import { signedInAs } from "../../auth/role-rules";

const { AGENT, ADMIN } = Role;

/** Customer writes: agents within their book (row scope in the service), administrators everywhere. */
export const customerWritePermissions = {
  Mutation: {
    createCustomer: signedInAs(AGENT, ADMIN),
    updateCustomer: signedInAs(AGENT, ADMIN),
    assignAgent: signedInAs(ADMIN),
  },
};
