import { Role } from "../../auth/role";
import { TIMELINE_KINDS } from "./timeline.kinds";
import { kindVisibleTo } from "./timeline.visibility";

/** The timeline section of docs/data-policy.md: which kinds each role sees, derived from TIMELINE_KINDS and the policy table. */
export function renderTimelinePolicy(): string[] {
  const roles = Object.values(Role);
  return [
    "## Customer timeline, per role",
    "",
    "`Customer.timeline` (`src/modules/timeline/`) lists the records of the kinds below in one list. An entry is its",
    "kind, the source's own time field (PUBLIC in every source) and the source's own object: every field of it passes",
    "the same shield rule, masking, consent check and access audit as when read through the source's own list, and",
    "the entry adds no value of its own (no summary built from personal data). The timeline is on a Customer, so it",
    "exists only where the customer read does (row scope: another agent's book, a customer not consented to",
    "marketing for MARKETING, any customer for INTEGRATION — null and NOT_FOUND as `customer(id)`).",
    "",
    "A role sees a kind only if the policy table lets it read every field of the kind's direct path (in full or",
    "reduced); a kind it may not read is left out of the statement, so neither the entries nor `totalCount` show",
    "it. A role the table does not know (a new one before its column is written) reads no field, so no kind.",
    "Today every path is PUBLIC, so every role that reads the customer sees every kind; fields inside entries keep",
    "their classes (e.g. `Interaction.notes` is SERVICE, `ClaimEvent.note` and `Complaint.escalationReason` INTERNAL:",
    "FORBIDDEN on that path for MARKETING and the customer, as in the direct lists). Cursors are sealed and bound",
    "to the viewer and the timeline; the order is time, kind, id (all descending), time at millisecond precision.",
    "",
    `| kind | direct path | ${roles.join(" | ")} |`,
    `| --- | --- | ${roles.map(() => "---").join(" | ")} |`,
    ...TIMELINE_KINDS.map((declaration) => `| ${declaration.kind} | ${declaration.readThrough.join(" → ")} | ${roles.map((role) => (kindVisibleTo(role, declaration) ? "✓" : "—")).join(" | ")} |`),
    "",
  ];
}
