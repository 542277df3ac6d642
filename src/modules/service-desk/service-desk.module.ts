import type { DomainModule } from "../domain-module";
import { CASE_DERIVED } from "./case.derived";
import { CaseMutations } from "./case.mutations";
import { casePermissions } from "./case.permissions";
import { CASE_RELATIONS } from "./case.relations";
import { CaseResolver } from "./case.resolver";
import { ServiceCase } from "./service-case.entity";

export const serviceDeskModule: DomainModule = {
  name: "service-desk",
  entities: [ServiceCase],
  resolvers: [CaseResolver, CaseMutations],
  permissions: [casePermissions],
  relations: CASE_RELATIONS,
  derived: CASE_DERIVED,
};
