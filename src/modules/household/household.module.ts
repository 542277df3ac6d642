import type { DomainModule } from "../domain-module";
import { HOUSEHOLD_RELATIONS } from "./household.relations";
import { HouseholdMutations } from "./household.mutations";
import { householdPermissions } from "./household.permissions";
import { Relationship } from "./relationship.entity";

export const householdModule: DomainModule = {
  name: "household",
  entities: [Relationship],
  resolvers: [HouseholdMutations],
  permissions: [householdPermissions],
  relations: HOUSEHOLD_RELATIONS,
};
