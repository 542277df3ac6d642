import type { DomainModule } from "../domain-module";
import { callerPermissions } from "./caller.permissions";
import { CallerResolver } from "./caller.resolver";
import { CallerVerification } from "./caller-verification.entity";

/** The contact centre's caller verification (SERVICE_REP): the step that opens a caller's record to a representative. */
export const callerModule: DomainModule = {
  name: "caller",
  entities: [CallerVerification],
  resolvers: [CallerResolver],
  permissions: [callerPermissions],
};
