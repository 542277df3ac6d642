import type { DomainModule } from "../domain-module";
import { Complaint } from "./complaint.entity";
import { Interaction } from "./interaction.entity";
import { InteractionMutations } from "./interaction.mutations";
import { interactionPermissions } from "./interaction.permissions";
import { InteractionResolver } from "./interaction.resolver";

export const interactionModule: DomainModule = {
  name: "interaction",
  entities: [Interaction, Complaint],
  resolvers: [InteractionResolver, InteractionMutations],
  permissions: [interactionPermissions],
};
