import { ArgsType, Field, ID } from "type-graphql";
import { Connection, PageArgs } from "../../shared/pagination";
import { ImportError } from "./import-job.entity";

export const ImportErrorConnection = Connection(ImportError, "ImportError");
export type ImportErrorConnection = InstanceType<typeof ImportErrorConnection>;

@ArgsType()
export class ImportErrorsArgs extends PageArgs {
  @Field(() => ID, { description: "The import job." })
  jobId: string;
}
