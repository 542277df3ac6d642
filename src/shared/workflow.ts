import { ConflictError } from "./errors";

/** A workflow as a table: each state and the states it may move to. */
export type Workflow<S extends string> = Record<S, readonly S[]>;

/** An illegal move is CONFLICT (the object's current state forbids it), and nothing changes. */
export function assertTransition<S extends string>(entity: string, workflow: Workflow<S>, from: S, to: S): void {
  if (!workflow[from].includes(to)) {
    const allowed = workflow[from];
    throw new ConflictError(
      `${entity} cannot go from ${from} to ${to}` + (allowed.length > 0 ? ` (allowed: ${allowed.join(", ")})` : ` (${from} is final)`),
      { reason: "ILLEGAL_TRANSITION", from, to },
    );
  }
}
