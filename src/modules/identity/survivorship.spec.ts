import { DEFAULT_SOURCE_PRIORITY, DEFAULT_SURVIVORSHIP } from "../../shared/survivorship";
import { chooseProfile, type MemberRecord } from "./survivorship";

const record = (id: string, day: number, sources: string[], values: Record<string, unknown>, erased = false): MemberRecord => ({
  id,
  customerNumber: `C${id}`,
  updatedAt: new Date(Date.UTC(2026, 0, day)),
  erasedAt: erased ? new Date(Date.UTC(2026, 5, 1)) : null,
  sources,
  values,
});
const settings = { rules: { ...DEFAULT_SURVIVORSHIP }, sourcePriority: DEFAULT_SOURCE_PRIORITY };
const pick = (members: MemberRecord[], use: "full" | "reduced" | "none" = "full", rules = settings.rules) =>
  Object.fromEntries(chooseProfile(members, { ...settings, rules }, () => use).map((s) => [s.attribute, { id: s.record.id, rule: s.rule, shown: s.shown }]));

describe("survivorship: which linked record gives each attribute of the person's profile", () => {
  const a = record("A", 3, ["CRM"], { fullName: "Wang Fang", email: "old@example.cn", dateOfBirth: "1980-02-03", address: "1 Road", city: "Hangzhou", region: "Zhejiang" });
  const b = record("B", 9, ["customer360"], { fullName: "Wang Fang", email: "new@example.cn", dateOfBirth: "1980-03-02", address: "9 Street", city: "Ningbo", region: "Zhejiang" });
  const c = record("C", 12, ["CORE_PAS", "CRM"], { fullName: "Wang Fong", email: null, dateOfBirth: "1980-02-03", address: null, city: "Shanghai", region: "Shanghai" });

  it("applies each attribute's rule: most frequent name, most recent e-mail and address, birth date from the most trusted system", () => {
    const chosen = pick([a, b, c]);
    expect(chosen.fullName).toEqual({ id: "B", rule: "MOST_FREQUENT", shown: true }); // "Wang Fang" twice; B is the more recent holder
    expect(chosen.email).toEqual({ id: "B", rule: "MOST_RECENT", shown: true }); // C holds no e-mail: a missing value never wins
    expect(chosen.address).toEqual({ id: "B", rule: "MOST_RECENT", shown: true }); // the address comes with B's city, not C's
    expect(chosen.dateOfBirth).toEqual({ id: "C", rule: "SOURCE_PRIORITY", shown: true }); // CORE_PAS ranks first
    expect(chosen.phone).toBeUndefined(); // nobody holds one
  });

  it("follows the configured rules and priority", () => {
    const chosen = chooseProfile([a, b, c], { rules: { ...settings.rules, fullName: "SOURCE_PRIORITY", email: "SOURCE_PRIORITY" }, sourcePriority: ["CRM", "CORE_PAS"] }, () => "full");
    const byAttribute = Object.fromEntries(chosen.map((s) => [s.attribute, s.record.id]));
    // CRM first: A and C both carry it; the more recent (C) wins the name, only A has an e-mail
    expect(byAttribute.fullName).toBe("C");
    expect(byAttribute.email).toBe("A");
    expect(byAttribute.dateOfBirth).toBe("C");
  });

  it("never compares values the viewer may not see in full: MOST_FREQUENT is applied as MOST_RECENT", () => {
    const chosen = pick([a, b, c], "reduced");
    expect(chosen.fullName).toEqual({ id: "C", rule: "MOST_RECENT", shown: true });
    const hidden = pick([a, b, c], "none");
    expect(hidden.fullName).toEqual({ id: "C", rule: "MOST_RECENT", shown: false });
  });

  it("leaves erased records out", () => {
    const erased = record("E", 30, ["CORE_PAS"], { fullName: "[erased]", dateOfBirth: null }, true);
    const chosen = pick([a, erased]);
    expect(chosen.fullName.id).toBe("A");
    expect(chosen.dateOfBirth.id).toBe("A");
  });
});
