import { PROFILE_ATTRIBUTES, type ProfileAttribute, type SurvivorshipRuleName, type SurvivorshipSettings } from "../../shared/survivorship";

/** One linked record as survivorship sees it: its attribute values and where it came from. */
export interface MemberRecord {
  id: string;
  customerNumber: string;
  updatedAt: Date;
  erasedAt: Date | null;
  /** The systems that sent the record, most recently seen first. */
  sources: string[];
  values: Record<string, unknown>;
}

/**
 * How far the viewer may use an attribute's values: `full` — any rule; `reduced` (masked or
 * banded) — rules that do not compare hidden values (MOST_FREQUENT would tell which records hold
 * equal values: it is applied as MOST_RECENT); `none` — the record is still chosen (so that the
 * refusal is audited against it), but the choice is never shown.
 */
export type AttributeUse = "full" | "reduced" | "none";

export interface SurvivingAttribute {
  attribute: ProfileAttribute;
  /** The rule that chose (after the viewer's use is applied). */
  rule: SurvivorshipRuleName;
  record: MemberRecord;
  shown: boolean;
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined && !(typeof value === "string" && value.trim() === "");
}

/** Most recently updated first; the customer number breaks ties so that every viewer gets the same order. */
function byRecency(a: MemberRecord, b: MemberRecord): number {
  return b.updatedAt.getTime() - a.updatedAt.getTime() || a.customerNumber.localeCompare(b.customerNumber);
}

function sourceRank(record: MemberRecord, priority: string[]): number {
  const ranks = record.sources.map((system) => priority.indexOf(system)).filter((rank) => rank >= 0);
  return ranks.length ? Math.min(...ranks) : priority.length;
}

/** The value of an attribute for comparison: its fields together, case and spacing folded. */
function comparable(record: MemberRecord, attribute: ProfileAttribute): string {
  return PROFILE_ATTRIBUTES[attribute].map((field) => String(record.values[field] ?? "").trim().replace(/\s+/g, " ").toLowerCase()).join("\u0000");
}

function mostFrequent(candidates: MemberRecord[], attribute: ProfileAttribute): MemberRecord {
  const groups = new Map<string, MemberRecord[]>();
  for (const record of candidates) {
    const key = comparable(record, attribute);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  // candidates come most recent first: on a tie in size, the group holding the most recent record wins
  const [winner] = [...groups.values()].sort((a, b) => b.length - a.length || byRecency(a[0], b[0]));
  return winner[0];
}

/**
 * Chooses, per attribute, the record whose values the person's profile shows. Only records that
 * hold a value take part, erased records never; the whole attribute (an address with its city and
 * region) comes from the one chosen record. No attribute is chosen when no record holds a value.
 */
export function chooseProfile(members: MemberRecord[], settings: SurvivorshipSettings, useOf: (attribute: ProfileAttribute) => AttributeUse): SurvivingAttribute[] {
  const chosen: SurvivingAttribute[] = [];
  for (const attribute of Object.keys(PROFILE_ATTRIBUTES) as ProfileAttribute[]) {
    const [keyField] = PROFILE_ATTRIBUTES[attribute];
    const candidates = members.filter((record) => !record.erasedAt && present(record.values[keyField])).sort(byRecency);
    if (candidates.length === 0) continue;
    const use = useOf(attribute);
    let rule = settings.rules[attribute];
    if (rule === "MOST_FREQUENT" && use !== "full") rule = "MOST_RECENT";
    let record = candidates[0];
    if (rule === "MOST_FREQUENT") record = mostFrequent(candidates, attribute);
    if (rule === "SOURCE_PRIORITY") {
      record = [...candidates].sort((a, b) => sourceRank(a, settings.sourcePriority) - sourceRank(b, settings.sourcePriority) || byRecency(a, b))[0];
    }
    chosen.push({ attribute, rule, record, shown: use !== "none" });
  }
  return chosen;
}
