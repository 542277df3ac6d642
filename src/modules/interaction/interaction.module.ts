import type { DomainModule } from "../domain-module";
import { Complaint } from "./complaint.entity";
import { Interaction } from "./interaction.entity";
import { InteractionMutations } from "./interaction.mutations";
import { interactionPermissions } from "./interaction.permissions";
import { INTERACTION_RELATIONS } from "./interaction.relations";

export const interactionModule: DomainModule = {
  name: "interaction",
  entities: [Interaction, Complaint],
  resolvers: [InteractionMutations],
  permissions: [interactionPermissions],
  relations: INTERACTION_RELATIONS,
};
