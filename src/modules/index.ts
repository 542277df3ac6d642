import type { Relation } from "../db/relations";
import type { DerivedValue } from "../db/derived-values";
import type { DomainModule, PermissionFragment } from "./domain-module";
import { auditModule } from "./audit/audit.module";
import { claimModule } from "./claim/claim.module";
import { consentModule } from "./consent/consent.module";
import { contactPolicyModule } from "./contact-policy/contact-policy.module";
import { customerModule } from "./customer/customer.module";
import { identityModule } from "./identity/identity.module";
import { householdModule } from "./household/household.module";
import { interactionModule } from "./interaction/interaction.module";
import { metricsModule } from "./metrics/metrics.module";
import { nodeModule } from "./node/node.module";
import { policyModule } from "./policy/policy.module";
import { privacyModule } from "./privacy/privacy.module";
import { productModule } from "./product/product.module";
import { recommendationModule } from "./recommendation/recommendation.module";
import { importingModule } from "./importing/importing.module";
import { riskModule } from "./risk/risk.module";
import { segmentModule } from "./segment/segment.module";
import { sourceModule } from "./source/source.module";
import { staffModule } from "./staff/staff.module";
import { eventsModule } from "./events/events.module";
import { alertsModule } from "./alerts/alerts.module";
import { liveModule } from "./live/live.module";
import { callerModule } from "./caller/caller.module";
import { timelineModule } from "./timeline/timeline.module";
import { serviceDeskModule } from "./service-desk/service-desk.module";
import { tasksModule } from "./tasks/tasks.module";
import { retentionModule } from "./retention/retention.module";

/** Every domain module, once. Adding a module means adding it here (and nowhere else). */
export const MODULES: readonly DomainModule[] = [
  staffModule,
  customerModule,
  householdModule,
  consentModule,
  contactPolicyModule,
  productModule,
  policyModule,
  claimModule,
  interactionModule,
  serviceDeskModule,
  tasksModule,
  riskModule,
  segmentModule,
  recommendationModule,
  auditModule,
  identityModule,
  metricsModule,
  sourceModule,
  importingModule,
  privacyModule,
  nodeModule,
  eventsModule,
  alertsModule,
  liveModule,
  callerModule,
  timelineModule,
  retentionModule,
];

/** The data source's tables (db/data-source.ts receives them from whoever opens the database). */
export const ENTITIES: Function[] = MODULES.flatMap((module) => module.entities);

/** The schema's resolver classes (graphql/schema.ts). */
export const RESOLVERS: Function[] = MODULES.flatMap((module) => module.resolvers);

/** Every declared relation of the graph (graphql/relation-fields.ts derives their fields, graphql/compiled reads them). */
export const RELATIONS: Relation[] = MODULES.flatMap((module) => module.relations ?? []);

/** Every declared derived value (computed by its module's code from a row). */
export const DERIVED: DerivedValue[] = MODULES.flatMap((module) => module.derived ?? []);

/** The shield map's operation fragments (graphql/permissions.ts). */
export const PERMISSION_FRAGMENTS: PermissionFragment[] = MODULES.flatMap((module) => module.permissions);
