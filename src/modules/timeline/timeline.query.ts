import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { hydrate } from "../../db/hydrate";
import type { Page, PageRequest } from "../../shared/pagination";
import type { TimelineKindDeclaration } from "./timeline.kinds";
import { TimelineEntry } from "./timeline.types";

/** A declaration with its table and column names read from the entity metadata. */
interface KindSource {
  declaration: TimelineKindDeclaration;
  table: string;
  customerColumn: string;
  /** The entry time as SQL on alias `t`: at the millisecond precision cursors keep (db/keyset.ts); a date as its midnight UTC. */
  at: string;
}

function kindSource(db: DataSource, declaration: TimelineKindDeclaration): KindSource {
  const metadata = db.getMetadata(declaration.entity());
  const column = (property: string) => {
    const found = metadata.findColumnWithPropertyName(property);
    if (!found) throw new Error(`${metadata.name}.${property} is not a column (timeline kind ${declaration.kind})`);
    return found;
  };
  const time = column(declaration.time);
  const type = String(db.driver.normalizeType(time));
  const at = type === "date" ? `(t."${time.databaseName}"::timestamp AT TIME ZONE 'UTC')` : `date_trunc('milliseconds', t."${time.databaseName}")`;
  if (type !== "date" && !type.startsWith("timestamp")) throw new Error(`${metadata.name}.${declaration.time} is neither a timestamp nor a date (timeline kind ${declaration.kind})`);
  return { declaration, table: metadata.tableName, customerColumn: column(declaration.customer).databaseName, at };
}

/** The kind names compare bytewise (collation "C") so both backends order ties alike. */
const kindLiteral = (kind: string) => `'${kind}'::text COLLATE "C"`;

function namedQuery(db: DataSource, sql: string, params: Record<string, unknown>): Promise<Record<string, any>[]> {
  const [text, values] = db.driver.escapeQueryWithParameters(sql, params, {});
  return db.query(text, values);
}

/**
 * The timeline pages of a batch of customers in one statement: innermost, every entry of the
 * chosen kinds (kind, id, time — no row yet) with the list size per customer; then the entries
 * after the cursor in (time DESC, kind DESC, id DESC) order, ranked per customer; outermost one
 * page (+1 to know whether more follow), and only for those rows the source row itself as JSON,
 * hydrated through the entity metadata as the loaders hydrate. A grouped count runs only when
 * totalCount is asked of an empty later page.
 */
export function timelinePageLoader(db: DataSource, kinds: readonly TimelineKindDeclaration[], page: PageRequest, cursorOf: (entry: TimelineEntry) => string) {
  const sources = kinds.map((declaration) => kindSource(db, declaration));
  const branches = sources
    .map((s) => `SELECT ${kindLiteral(s.declaration.kind)} AS kind, t.id, ${s.at} AS at, t."${s.customerColumn}" AS customer_id FROM "${s.table}" t WHERE t."${s.customerColumn}" = ANY(:t_keys)`)
    .join(" UNION ALL ");
  const rowOf = `CASE p.kind ${sources
    .map((s) => `WHEN ${kindLiteral(s.declaration.kind)} THEN (SELECT row_to_json(t) FROM "${s.table}" t WHERE t.id = p.id)`)
    .join(" ")} END`;
  const after = page.after ? ` WHERE (e.at, e.kind, e.id) < (CAST(:t_after_at AS timestamptz), CAST(:t_after_kind AS text) COLLATE "C", CAST(:t_after_id AS uuid))` : "";
  const pageSql = `SELECT p.kind, p.id, p.at, p.customer_id, p.list_total, ${rowOf} AS row FROM (
      SELECT e.*, row_number() OVER (PARTITION BY e.customer_id ORDER BY e.at DESC, e.kind DESC, e.id DESC) AS page_rank
      FROM (SELECT e.*, count(*) OVER (PARTITION BY e.customer_id)::int AS list_total FROM (${branches}) e) e${after}
    ) p WHERE p.page_rank <= :t_limit ORDER BY p.customer_id, p.page_rank`;
  const position = page.after ? decodePosition(page.after) : null;
  const byKind = new Map(sources.map((s) => [s.declaration.kind, s.declaration]));

  const counts = new DataLoader<string, number>(async (customerIds) => {
    const rows = await namedQuery(db, `SELECT e.customer_id, count(*)::int AS n FROM (${branches}) e GROUP BY 1`, { t_keys: customerIds });
    const byCustomer = new Map(rows.map((row) => [String(row.customer_id), Number(row.n)]));
    return customerIds.map((id) => byCustomer.get(id) ?? 0);
  });

  return new DataLoader<string, Page<TimelineEntry>>(async (customerIds) => {
    if (sources.length === 0) return customerIds.map(() => emptyPage(page, cursorOf));
    const raw = await namedQuery(db, pageSql, {
      t_keys: customerIds, t_limit: page.first + 1, t_after_at: position?.at, t_after_kind: position?.kind, t_after_id: page.after?.id,
    });
    const entries = new Map<string, TimelineEntry[]>(customerIds.map((id) => [id, []]));
    const totals = new Map<string, number>();
    for (const row of raw) {
      const declaration = byKind.get(row.kind)!;
      const [record] = hydrate(db, declaration.entity(), [typeof row.row === "string" ? JSON.parse(row.row) : row.row]);
      const customerId = String(row.customer_id);
      totals.set(customerId, Number(row.list_total));
      entries.get(customerId)?.push(Object.assign(new TimelineEntry(), { kind: declaration.kind, occurredAt: new Date(row.at), record, customerId }));
    }
    return customerIds.map((customerId) => {
      const rows = entries.get(customerId) ?? [];
      const total = totals.get(customerId);
      return {
        nodes: rows.slice(0, page.first),
        hasNextPage: rows.length > page.first,
        hasPreviousPage: page.after !== null,
        cursorOf,
        // an empty first page means an empty timeline; an empty later page needs a separate count
        count: () => (total !== undefined ? Promise.resolve(total) : page.after === null ? Promise.resolve(0) : counts.load(customerId)),
      };
    });
  });
}

function emptyPage(page: PageRequest, cursorOf: (entry: TimelineEntry) => string): Page<TimelineEntry> {
  return { nodes: [], hasNextPage: false, hasPreviousPage: page.after !== null, cursorOf, count: () => Promise.resolve(0) };
}

/** A position in the timeline: the entry's time (ISO, milliseconds) and kind travel as the cursor's sealed value, its id as the id. */
export function encodePosition(entry: TimelineEntry): { value: string; id: string } {
  return { value: `${entry.occurredAt.toISOString()}|${entry.kind}`, id: String((entry.record as { id: string }).id) };
}

/** The time and kind of a position that opened (the seal is checked before: a forged value does not get here). */
function decodePosition(position: { value: string | number | null }): { at: string; kind: string } {
  const [at, kind] = String(position.value).split("|");
  return { at, kind };
}
