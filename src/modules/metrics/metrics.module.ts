import type { DomainModule } from "../domain-module";
import { metricsPermissions } from "./metrics.permissions";
import { MetricsResolver } from "./metrics.resolver";

export const metricsModule: DomainModule = {
  name: "metrics",
  entities: [],
  resolvers: [MetricsResolver],
  permissions: [metricsPermissions],
};
