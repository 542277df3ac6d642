import type { DataSource } from "typeorm";
import { customerScope, profilingAllowedSql, roleScope, type RoleScope, type ScopeClause } from "../../auth/row-scope";
import { roleOf, type Viewer } from "../../auth/viewer";
import { Role } from "../../auth/role";
import { countLimit, countSql } from "../../db/bounded-count";
import { hydrate } from "../../db/hydrate";
import type { Page, PageRequest } from "../../shared/pagination";
import { Customer } from "../customer/customer.entity";
import { compileRule, conditionSql, SqlParams, valueSql, type RuleNode, type SegmentCondition } from "./segment-rule";
import { authorizeRule } from "./segment-use";

/** Runs named-parameter SQL (`:name`) as one positional statement. */
function run<T = Record<string, unknown>>(db: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = db.driver.escapeQueryWithParameters(sql, params, {});
  return db.query(text, values);
}

/**
 * The customers a segment is evaluated over for a viewer: the row scope and, for MARKETING, not
 * those whose latest PROFILING decision is a refusal (PIPL Art. 24).
 */
export function segmentScope(viewer: Viewer, alias: string): ScopeClause {
  const scope = customerScope(viewer, alias);
  return { sql: withProfiling(roleOf(viewer), scope.sql, alias), params: scope.params };
}

/** segmentScope for every viewer of a role at once (roleScope: null where the scope depends on more than one column). */
export function segmentRoleScope(role: Role, alias: string): RoleScope | null {
  const scope = roleScope(role, alias);
  return scope && { ...scope, sql: withProfiling(role, scope.sql, alias) };
}

function withProfiling(role: Role | null, scopeSql: string, alias: string): string {
  return role === Role.MARKETING ? `${scopeSql} AND ${profilingAllowedSql(alias)}` : scopeSql;
}

/** `FROM customer c WHERE <scope> AND <rule>` with its parameters, the rule as the viewer may use it. */
function scopedMatch(viewer: Viewer, rule: RuleNode) {
  const params = new SqlParams();
  const predicate = compileRule(authorizeRule(rule, roleOf(viewer)), params);
  const scope = segmentScope(viewer, "c");
  return { where: `(${scope.sql}) AND ${predicate}`, params: { ...scope.params, ...params.values } };
}

/**
 * Member counts of several rules in one statement: one scalar subquery per rule, each with the
 * rule in its own WHERE so that the planner can turn EXISTS tests into semi-joins.
 */
export async function countMembers(db: DataSource, viewer: Viewer, rules: readonly RuleNode[]): Promise<(number | Error)[]> {
  const allowed = rules.map((rule) => usableRule(rule, roleOf(viewer)));
  const usable = allowed.filter((rule): rule is RuleNode => !(rule instanceof Error));
  if (usable.length === 0) return allowed as Error[];
  const params = new SqlParams();
  const scope = segmentScope(viewer, "c");
  const counts = usable.map((rule, i) => `(SELECT count(*) FROM customer c WHERE (${scope.sql}) AND ${compileRule(rule, params)})::int AS n${i}`);
  const [row] = await run(db, `SELECT ${counts.join(", ")}`, { ...scope.params, ...params.values });
  let next = 0;
  return allowed.map((rule) => (rule instanceof Error ? rule : Number(row[`n${next++}`])));
}

/** The rule as the viewer may evaluate it, or the refusal (for batches where one segment's refusal must not fail the others). */
export function usableRule(rule: RuleNode, role: Role | null): RuleNode | Error {
  try {
    return authorizeRule(rule, role);
  } catch (error) {
    return error as Error;
  }
}

/** A page of members in the viewer's scope, by customer number. */
export async function memberPage(db: DataSource, viewer: Viewer, rule: RuleNode, page: PageRequest): Promise<Page<Customer>> {
  const { where, params } = scopedMatch(viewer, rule);
  const after = page.after ? ` AND (c.customer_number, c.id) > (CAST(:afterNumber AS varchar), CAST(:afterId AS uuid))` : "";
  const raw = await run(db, `SELECT c.* FROM customer c WHERE ${where}${after} ORDER BY c.customer_number, c.id LIMIT ${page.first + 1}`, {
    ...params,
    afterNumber: page.after?.value,
    afterId: page.after?.id,
  });
  const rows = hydrate(db, Customer, raw);
  return {
    nodes: rows.slice(0, page.first),
    hasNextPage: rows.length > page.first,
    hasPreviousPage: page.after !== null,
    cursorOf: (customer) => page.cursors.encode({ value: customer.customerNumber, id: customer.id }),
    // authorized above; bounded, it reads at most limit + 1 members
    count: async (limit) => {
      if (limit === undefined) return (await countMembers(db, viewer, [rule]))[0] as number;
      const [text, values] = db.driver.escapeQueryWithParameters(`SELECT 1 FROM customer c WHERE ${where}${countLimit(limit)}`, params, {});
      return countSql(db, text, values);
    },
  };
}

/**
 * Which of the given segments each customer belongs to, in one statement: a LATERAL union of
 * every segment's compiled predicate, evaluated per customer of the page.
 */
export async function membershipsOf(
  db: DataSource,
  viewer: Viewer,
  customerIds: readonly string[],
  segments: readonly { id: string; rule: RuleNode }[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(customerIds.map((id) => [id, []]));
  // a segment whose rule the viewer may not use is not evaluated for them (no member of it is shown)
  const usable = segments.flatMap((segment) => {
    const rule = usableRule(segment.rule, roleOf(viewer));
    return rule instanceof Error ? [] : [{ id: segment.id, rule }];
  });
  if (usable.length === 0 || customerIds.length === 0) return result;
  const params = new SqlParams();
  const arms = usable.map((segment) => `SELECT CAST(${params.add(segment.id)} AS uuid) AS segment_id WHERE ${compileRule(segment.rule, params)}`);
  const scope = segmentScope(viewer, "c");
  const rows = await run<{ customer_id: string; segment_id: string }>(
    db,
    `SELECT c.id AS customer_id, m.segment_id FROM customer c CROSS JOIN LATERAL (${arms.join(" UNION ALL ")}) m
     WHERE c.id = ANY(CAST(:customerIds AS uuid[])) AND ${scope.sql}`,
    { ...scope.params, ...params.values, customerIds },
  );
  for (const row of rows) result.get(row.customer_id)?.push(row.segment_id);
  return result;
}

export interface ConditionOutcome {
  value: unknown;
  matched: boolean;
}

/** Each condition's value and outcome (conditions already authorized for the viewer) for one customer the segment is evaluated over (null otherwise), in one statement. */
export async function evaluateConditions(
  db: DataSource,
  viewer: Viewer,
  customerId: string,
  conditions: readonly SegmentCondition[],
): Promise<ConditionOutcome[] | null> {
  const params = new SqlParams();
  const columns = conditions.flatMap((condition, i) => [
    `to_jsonb(${valueSql(condition, params)}) AS v${i}`,
    `${conditionSql(condition, params)} AS m${i}`,
  ]);
  const scope = segmentScope(viewer, "c");
  const [row] = await run(db, `SELECT ${["1 AS found", ...columns].join(", ")} FROM customer c WHERE c.id = CAST(:customerId AS uuid) AND ${scope.sql}`, {
    ...scope.params,
    ...params.values,
    customerId,
  });
  if (!row) return null;
  return conditions.map((_, i) => ({ value: row[`v${i}`] ?? null, matched: row[`m${i}`] === true }));
}
