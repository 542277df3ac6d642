import { BadUserInputError } from "../../shared/errors";
import { SegmentField, SegmentOp } from "./segment-fields";
import { compileRule, conditionsOf, MAX_RULE_DEPTH, MAX_RULE_NODES, parseRule, SqlParams } from "./segment-rule";

function pathOf(raw: unknown): string | undefined {
  try {
    parseRule(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(BadUserInputError);
    return (err as BadUserInputError).details.path as string;
  }
  return undefined;
}

const cond = (field: string, op: string, value?: unknown, purpose?: string) => ({ condition: { field, op, value, purpose } });

describe("segment rule language", () => {
  it("normalizes a valid tree and lists its conditions with paths", () => {
    const rule = parseRule({
      all: [cond("AGE", "BETWEEN", [25, 40]), { not: cond("HAS_PRODUCT_LINE", "EQ", "LIFE") }, cond("CONSENT_GRANTED", "EQ", true, "MARKETING")],
    });
    expect(conditionsOf(rule).map((c) => [c.path, c.condition.field])).toEqual([
      ["rule.all[0]", SegmentField.AGE],
      ["rule.all[1].not", SegmentField.HAS_PRODUCT_LINE],
      ["rule.all[2]", SegmentField.CONSENT_GRANTED],
    ]);
    expect(conditionsOf(parseRule(cond("DEPENDENTS", "EXISTS")))[0].condition.value).toBe(true);
  });

  it("type-checks values per field and names the path of the bad node", () => {
    expect(pathOf({ all: [cond("AGE", "GT", 30), cond("AGE", "GT", "thirty")] })).toBe("rule.all[1].condition.value");
    expect(pathOf({ any: [cond("KIND", "EQ", "ALIEN")] })).toBe("rule.any[0].condition.value");
    expect(pathOf(cond("SERVICE_TIER", "GT", "PREMIUM"))).toBe("rule.condition.op");
    expect(pathOf(cond("NOPE", "EQ", 1))).toBe("rule.condition.field");
    expect(pathOf(cond("AGE", "IN", [30, 31.5]))).toBe("rule.condition.value[1]");
    expect(pathOf(cond("AGE", "BETWEEN", [40, 30]))).toBe("rule.condition.value");
    expect(pathOf(cond("CUSTOMER_SINCE", "GTE", "2024-13-45"))).toBe("rule.condition.value");
    expect(pathOf(cond("CONSENT_GRANTED", "EQ", true))).toBe("rule.condition.purpose");
    expect(pathOf({ all: [], any: [] })).toBe("rule");
    expect(pathOf({ all: [] })).toBe("rule.all");
    expect(pathOf({ not: { condition: { field: "AGE", op: "EQ", value: null } } })).toBe("rule.not.condition.value");
  });

  it("bounds depth and size", () => {
    let deep: unknown = cond("AGE", "GT", 1);
    for (let i = 0; i < MAX_RULE_DEPTH; i++) deep = { not: deep };
    expect(pathOf(deep)).toMatch(/^rule(\.not)+$/);
    const wide = { any: Array.from({ length: MAX_RULE_NODES }, () => cond("AGE", "GT", 1)) };
    expect(pathOf(wide)).toBe(`rule.any[${MAX_RULE_NODES - 1}]`);
  });

  it("compiles to vetted SQL with every user value as a parameter", () => {
    const params = new SqlParams();
    const sql = compileRule(
      parseRule({ any: [cond("CITY", "EQ", "x'); DROP TABLE customer; --"), { not: cond("REGION", "IN", ["A", "B"]) }, cond("CONSENT_GRANTED", "EQ", false, "PROFILING")] }),
      params,
    );
    expect(sql).not.toContain("DROP");
    expect(sql).toContain("c.city");
    expect(sql).toContain(" OR ");
    expect(sql).toContain("NOT (");
    expect(Object.values(params.values)).toEqual(["x'); DROP TABLE customer; --", ["A", "B"], "PROFILING", false]);
    // the purpose is one parameter, read wherever the consent-in-force rule needs it
    expect([...new Set(sql.match(/:seg\d+/g))]).toEqual([":seg0", ":seg1", ":seg2", ":seg3"]);
  });

  it("treats unknown values as not matching, so NOT is a plain negation", () => {
    const sql = compileRule(parseRule(cond("AGE", "LT", 30)), new SqlParams());
    expect(sql).not.toContain("coalesce");
    expect(compileRule(parseRule({ not: cond("AGE", "LT", 30) }), new SqlParams())).toMatch(/^NOT \(coalesce\(.*, FALSE\)\)$/s);
    expect(Object.values(SegmentOp)).toContain("EXISTS");
  });

  it("compiles 'at least one' and 'none' of related rows to EXISTS (semi-joins)", () => {
    const params = new SqlParams();
    expect(compileRule(parseRule(cond("ACTIVE_POLICY_COUNT", "GTE", 1)), params)).toMatch(/^EXISTS \(SELECT 1 FROM policy p WHERE/);
    expect(compileRule(parseRule(cond("OPEN_CLAIM_COUNT", "EQ", 0)), params)).toMatch(/^NOT EXISTS \(SELECT 1 FROM claim cl/);
    expect(compileRule(parseRule(cond("CLAIM_COUNT_12M", "GTE", 2)), params)).toMatch(/count\(\*\).* >= CAST\(:seg0 AS bigint\)/s);
    expect(compileRule(parseRule(cond("HAS_PRODUCT_LINE", "NEQ", "LIFE")), params)).toMatch(/^NOT EXISTS \(.*pr\.line = ANY\(CAST\(:seg1 AS varchar\[\]\)\)\)$/s);
  });
});
