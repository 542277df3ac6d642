import type { AuditOutcome } from "../../auth/access-audit";
import type { Role } from "../../auth/role";
import type { ConnectionPlan, RelationPlan, RowShape, ValuePlan } from "./read-plan";
import type { ReadStatement } from "./read-sql";

/** A plan whose audit rows the statement cannot compute (a personal value only JavaScript derives): the audit is written apart. */
export class AuditNotInStatement extends Error {}

/** One level of the answer in SQL: the FROM items that reach its rows and the JSON expression of one row. */
interface Level {
  from: string[];
  where: string[];
  row: string;
}

/**
 * The access-audit rows of one compiled answer, computed by the database from the JSON the same
 * statement builds: for every row the answer returns (a page's look-ahead row excluded), every
 * personal field the plan releases whose value is not null, recorded under the row's customer
 * (`id` of a Customer, else the row's `customerId`) as ALLOWED, or MASKED where the role reads a
 * reduced value — exactly what the field guard and `ReadResult` record. Each SELECT yields
 * (customer, field, outcome); `ANSWER` is the CTE holding the root row.
 */
export class AuditSelects {
  readonly selects: string[] = [];
  private depth = 0;

  constructor(private readonly statement: ReadStatement) {}

  root(plans: ValuePlan[], shape: RowShape, answer: string): this {
    // the answer's JSON is parsed once (as jsonb), not once per level and field
    this.level(plans, shape, { from: [`(SELECT CAST(row AS jsonb) AS row FROM ${answer}) a`], where: [], row: "a.row" });
    return this;
  }

  private level(plans: ValuePlan[], shape: RowShape, at: Level): void {
    const released: string[] = [];
    const customer = shape.typeName === "Customer" ? "id" : shape.properties.has("customerId") ? "customerId" : null;
    for (const plan of plans) {
      switch (plan.kind) {
        case "leaf":
          if (plan.personal && customer) {
            const outcome: AuditOutcome = plan.personal.reduce ? "MASKED" : "ALLOWED";
            released.push(`('${plan.personal.path}', '${outcome}', ${at.row}->'${plan.property}')`);
          }
          break;
        case "derived":
          if (plan.result.kind === "object" && hasPersonal(plan.result.fields)) throw new AuditNotInStatement();
          break;
        case "relation":
          this.relation(plan.relation, at);
          break;
        default:
          break; // __typename; a structural object (Money) carries no personal value of its own
      }
    }
    if (released.length === 0) return;
    const from = [...at.from, `LATERAL (VALUES ${released.join(", ")}) f(field, outcome, v)`].join(", ");
    const where = [...at.where, `jsonb_typeof(f.v) <> 'null'`, `${at.row}->>'${customer}' IS NOT NULL`].join(" AND ");
    this.selects.push(`SELECT CAST(${at.row}->>'${customer}' AS uuid) AS customer, f.field, f.outcome FROM ${from} WHERE ${where}`);
  }

  private relation(plan: RelationPlan, at: Level): void {
    const json = `${at.row}->'${plan.alias}'`;
    if (plan.relation.kind === "one") {
      this.level(plan.items ?? [], plan.shape, { ...at, where: [...at.where, `jsonb_typeof(${json}) = 'object'`], row: json });
      return;
    }
    const element = `e${++this.depth}`;
    if (plan.relation.kind === "list") {
      this.level(plan.items ?? [], plan.shape, { from: [...at.from, `jsonb_array_elements(${json}) ${element}(v)`], where: at.where, row: `${element}.v` });
      return;
    }
    const page = this.statement.pages.get(plan.alias);
    if (!page || !plan.connection) throw new AuditNotInStatement();
    const level: Level = {
      from: [...at.from, `jsonb_array_elements(${json}->'rows') WITH ORDINALITY ${element}(v, n)`],
      where: [...at.where, `${element}.n <= ${Number(page.page.first)}`], // the look-ahead row is not returned
      row: `${element}.v`,
    };
    for (const nodes of nodePlans(plan.connection)) this.level(nodes, plan.shape, level);
  }
}

/** The node selections of a connection (edges may be asked more than once, under aliases). */
function nodePlans(connection: ConnectionPlan): ValuePlan[][] {
  return connection.fields.flatMap((field) => (field.kind === "edges" ? field.fields.flatMap((edge) => (edge.kind === "node" ? [edge.fields] : [])) : []));
}

function hasPersonal(plans: ValuePlan[]): boolean {
  return plans.some((plan) => (plan.kind === "leaf" && plan.personal !== null) || (plan.kind === "object" && hasPersonal(plan.fields)));
}

/** Who read, as every access-audit row of the request names them. */
export interface AuditAuthor {
  actorId: string;
  role: Role;
  purpose: string | null;
  operation: string;
  requestId: string;
}

/**
 * The statement that answers one row and writes its access audit in the same round trip: the
 * answer as a CTE, the audit rows computed from it and inserted by a data-modifying CTE, the row
 * returned with the rows written. It is one statement: if the INSERT fails, nothing is returned
 * (fail-closed as before, without a second round trip).
 */
export function auditedRowSql(answer: string, selects: string[], author: AuditAuthor, param: (name: string, value: unknown) => string): string {
  const who = [
    `CAST(${param("auditActor", author.actorId)} AS uuid)`,
    `CAST(${param("auditRole", author.role)} AS varchar)`,
    `CAST(${param("auditPurpose", author.purpose)} AS varchar)`,
    `CAST(${param("auditOperation", author.operation.slice(0, 120))} AS varchar)`,
    `CAST(${param("auditRequest", author.requestId)} AS varchar)`,
  ].join(", ");
  return `WITH answer AS (${answer}),
    audited AS (
      SELECT customer, outcome, array_agg(DISTINCT CAST(field AS varchar) COLLATE "C" ORDER BY CAST(field AS varchar) COLLATE "C") AS fields
      FROM (${selects.join(" UNION ALL ")}) x GROUP BY customer, outcome),
    written AS (
      INSERT INTO audit_entry (actor_id, role, purpose, operation, request_id, customer_id, fields, outcome)
      SELECT ${who}, customer, fields, outcome FROM audited
      RETURNING customer_id, fields, outcome)
    SELECT a.row, (SELECT json_agg(json_build_object('customerId', w.customer_id, 'fields', w.fields, 'outcome', w.outcome)) FROM written w) AS audit
    FROM answer a`;
}
