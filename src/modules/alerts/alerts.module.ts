import type { DomainModule } from "../domain-module";
import { alertPermissions } from "./alert.permissions";
import { AlertResolver } from "./alert.resolver";
import { ServiceAlert } from "./service-alert.entity";
import { ServiceAlertRead } from "./service-alert-read.entity";

/** Service alerts derived from outbox events (alert-derivation.ts, run by the dispatcher) and read by their recipients. */
export const alertsModule: DomainModule = {
  name: "alerts",
  entities: [ServiceAlert, ServiceAlertRead],
  resolvers: [AlertResolver],
  permissions: [alertPermissions],
};
