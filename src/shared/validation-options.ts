import type { ValidatorOptions } from "class-validator";

/**
 * How input classes are validated, by the API (graphql/validation.ts) and by the bulk import alike:
 * missing properties skipped (GraphQL's types decide what is required), unknown values allowed.
 */
export const INPUT_VALIDATION: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };
