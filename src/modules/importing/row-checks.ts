import { validateSync } from "class-validator";
import type { FieldProblem } from "../../shared/errors";
import { INPUT_VALIDATION } from "../../shared/validation-options";
import { timeProblems } from "../interaction/interaction-write.service";

/**
 * The problems of a mutation's input class filled with a row's typed values: the import applies
 * the API's own validators (lengths, patterns, ranges) rather than a copy of them.
 */
export function inputProblems<Input extends object>(input: Input): FieldProblem[] {
  return validateSync(input, INPUT_VALIDATION).map((error) => ({ field: error.property, problems: Object.values(error.constraints ?? {}) }));
}

/**
 * The API's rules for a record's instants (ISO strings as typed): none in the future (beyond
 * clock skew), none before the record's start (`startField`), as recordInteraction checks them.
 */
export function instantProblems(instants: Record<string, unknown>, startField: string): FieldProblem[] {
  const times = Object.fromEntries(Object.entries(instants).map(([field, instant]) => [field, typeof instant === "string" ? new Date(instant) : null]));
  return timeProblems(times, startField);
}

/** A row's problem collector: `problem(field, text)` adds one, unless the field already has one (the first reason is the useful one). */
export function problemCollector(problems: FieldProblem[]): (field: string, text: string) => void {
  return (field, text) => {
    if (!problems.some((p) => p.field === field)) problems.push({ field, problems: [text] });
  };
}
