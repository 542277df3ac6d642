import type { DomainModule } from "../domain-module";
import { SourceKey } from "./source-key.entity";
import { SOURCE_RELATIONS } from "./source.relations";

/** Source identity: which systems know a record under which id (imports upsert on it). */
export const sourceModule: DomainModule = {
  name: "source",
  entities: [SourceKey],
  resolvers: [],
  permissions: [],
  relations: SOURCE_RELATIONS,
};
