import { FIELD_CLASSES, roleVerdict } from "../../auth/field-policy";
import type { Role } from "../../auth/role";
import { TIMELINE_KINDS, type TimelineKindDeclaration } from "./timeline.kinds";

/**
 * Whether a role sees a kind at all: only if the policy table lets it read (in full, or reduced)
 * every field of the kind's direct path (`readThrough`). A consent-bound or denied field on the
 * path, or one missing from the table (a role the table does not know), leaves the kind out of
 * the role's timeline and out of its totalCount — deny by default.
 */
export function kindVisibleTo(role: Role, declaration: TimelineKindDeclaration): boolean {
  return declaration.readThrough.every((path) => {
    const [typeName, fieldName] = path.split(".");
    const dataClass = FIELD_CLASSES[typeName]?.[fieldName];
    return dataClass !== undefined && roleVerdict(role, typeName, fieldName, dataClass).kind === "read";
  });
}

/** The kinds a role sees, in declaration order. */
export function visibleKinds(role: Role): TimelineKindDeclaration[] {
  return TIMELINE_KINDS.filter((declaration) => kindVisibleTo(role, declaration));
}
