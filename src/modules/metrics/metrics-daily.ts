import { BREACHED_CASE } from "../service-desk/case.service";
import { OPEN_CASE_STATUS_SQL } from "../service-desk/service-case.entity";
import { GROUP_KEYS } from "./metrics.query";
import { MetricsGroupBy } from "./metrics.types";

/**
 * The daily measures of the service figures: one SQL builder for both the stored rollup
 * (service_metrics_day, refreshed over all time) and the live edges of a request (a partial first
 * or last day, the days since the refresh), so the two cannot drift. Items are grouped by UTC day,
 * book (the customer's assigned agent) and each stored grouping with its key (GROUP_KEYS'
 * expressions); MONTH derives from the day and AGENT from the book, so they read the NONE rows.
 * Each row is also kept for every book together (all_books, book NULL): what the roles that see
 * every customer read, a row per day and key instead of one per book.
 *
 * Every measure is additive (a count or a sum). The two medians are kept as histograms with
 * log-scale buckets (DDSketch: a value v > 0 falls in bucket ⌈log_γ v⌉ and is read back as
 * 2γ^i/(γ+1), within (γ−1)/(γ+1) ≈ 2.44 % of v for γ = 1.05; negative values mirror it, and
 * |v| < 1e-9 is the zero bucket "z"). Measures read against :now (a contact due, a complaint
 * settled, a case milestone due) are as of the statement's :now — for stored rows, the refresh.
 */
export const HISTOGRAM_GAMMA = 1.05;

/** The stored groupings (MONTH and AGENT read NONE). */
export type StoredGrouping = "NONE" | "CHANNEL" | "HANDLER" | "REGION" | "QUEUE";
const KEYED: Exclude<StoredGrouping, "NONE">[] = ["CHANNEL", "HANDLER", "REGION", "QUEUE"];

export const storedGrouping = (groupBy: MetricsGroupBy): StoredGrouping => (groupBy === MetricsGroupBy.MONTH || groupBy === MetricsGroupBy.AGENT ? "NONE" : groupBy);

/** The additive measures, in service_metrics_day's column order. */
export const MEASURES = [
  "interactions", "rated", "rating_sum", "due", "answered", "complaints", "settled", "on_time", "claims_filed", "claims_approved", "claims_rejected",
  "cases", "first_response_in_time", "first_response_due", "resolution_in_time", "resolution_due", "customers",
] as const;
export type Measure = (typeof MEASURES)[number];
export const HISTOGRAMS = ["resolution_hours", "cycle_days"] as const;
/**
 * The backlog of the cases opened on the day, as of :now: still open (counted), breached, and the
 * earliest opening among them. Read from the rollup only for days a week before its refresh, whose
 * open cases are all over seven days old at any later instant (metrics-rollup.query.ts).
 */
export const BACKLOG = ["open_cases", "breached_open"] as const;
export const OLDEST_OPEN = "oldest_open_at";

/** Whether an item's customer (c) must be joined: to scope the items, or for a key read from the customer. */
export const needsCustomer = (scope: string, keys: readonly string[]) => scope !== "TRUE" || keys.some((key) => /\bc\./.test(key));

const flag = (condition: string) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;
/** The period an item is counted under: its UTC day, or (the recent backlog) its UTC hour. */
export type MeasureUnit = "day" | "hour";
const UNITS: Record<MeasureUnit, (column: string) => string> = {
  day: (column) => `CAST((${column}) AT TIME ZONE 'UTC' AS date)`,
  hour: (column) => `(date_trunc('hour', (${column}) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`,
};

/** The histogram bucket of a numeric SQL expression (NULL stays NULL: not counted). */
function bucket(value: string): string {
  const log = (v: string) => `CAST(ceil(ln(${v}) / ln(${HISTOGRAM_GAMMA})) AS int)`;
  return `(SELECT CASE WHEN v IS NULL THEN NULL WHEN abs(v) < 1e-9 THEN 'z' WHEN v > 0 THEN '+' || ${log("v")} ELSE '-' || ${log("-v")} END
           FROM (SELECT CAST(${value} AS float8) AS v) b)`;
}

interface Source {
  from: string;
  /** The item's customer (joined as c only where the read needs it: a scope, a book, a customer's key). */
  customer?: string;
  /** The joins a keyed grouping needs (a complaint's contact, a contact's or complaint's case), made only where it is grouped. */
  joins?: Partial<Record<Exclude<StoredGrouping, "NONE">, string>>;
  at: string;
  measures: Partial<Record<Measure, string>>;
  histogram?: { name: (typeof HISTOGRAMS)[number]; value: string };
  /** The item is an open case (a condition). */
  open?: string;
  keys: Record<Exclude<StoredGrouping, "NONE">, string>;
}

const keysOf = (source: "interaction" | "complaint" | "claim" | "case") =>
  Object.fromEntries(KEYED.map((grouping) => [grouping, GROUP_KEYS[grouping][source]])) as Source["keys"];

const NOW = "CAST(:now AS timestamptz)";
const COMPLAINT_CONTACT = "JOIN interaction i ON i.id = co.interaction_id";

const SOURCES: Source[] = [
  {
    from: "interaction i",
    customer: "i.customer_id",
    joins: { QUEUE: GROUP_KEYS.QUEUE.interactionJoin },
    at: "i.occurred_at",
    measures: {
      interactions: "1", rated: flag("i.satisfaction IS NOT NULL"), rating_sum: "coalesce(i.satisfaction, 0)",
      due: flag(`i.direction = 'INBOUND' AND (i.first_response_at IS NOT NULL OR i.occurred_at <= ${NOW} - interval '24 hours')`),
      answered: flag("i.direction = 'INBOUND' AND i.first_response_at <= i.occurred_at + interval '24 hours'"),
    },
    keys: keysOf("interaction"),
  },
  {
    // every complaint has its contact (a trigger holds the reference; purges take the complaint with it):
    // joined only for the contact's keys, since a lookup by id probes every monthly partition of interaction
    from: "complaint co",
    customer: "co.customer_id",
    joins: { CHANNEL: COMPLAINT_CONTACT, HANDLER: COMPLAINT_CONTACT, QUEUE: GROUP_KEYS.QUEUE.complaintJoin },
    at: "co.received_at",
    measures: { complaints: "1", settled: flag("co.resolved_at IS NOT NULL OR co.due_at < :now"), on_time: flag("co.resolved_at <= co.due_at") },
    histogram: { name: "resolution_hours", value: "extract(epoch FROM co.resolved_at - co.received_at) / 3600" },
    keys: keysOf("complaint"),
  },
  {
    from: "claim cl JOIN policy p ON p.id = cl.policy_id",
    customer: "cl.customer_id",
    at: "cl.reported_at",
    measures: { claims_filed: "1", claims_approved: flag("cl.approved_amount IS NOT NULL"), claims_rejected: flag("cl.status = 'REJECTED'") },
    histogram: { name: "cycle_days", value: "extract(epoch FROM cl.closed_at - cl.reported_at) / 86400" },
    keys: keysOf("claim"),
  },
  {
    from: "service_case k",
    customer: "k.customer_id",
    at: "k.opened_at",
    measures: {
      cases: "1",
      first_response_in_time: flag("NOT k.first_response_breached"), first_response_due: flag("k.first_response_breached IS NOT NULL OR k.first_response_breach_at < :now"),
      resolution_in_time: flag("NOT k.resolution_breached"), resolution_due: flag("k.resolution_breached IS NOT NULL OR k.resolution_breach_at < :now"),
    },
    open: `k.status IN (${OPEN_CASE_STATUS_SQL})`,
    keys: keysOf("case"),
  },
];

// the complaint rate's customers: created on the day and not erased, counted for the whole scope (NONE) and per region
const CUSTOMERS: Source = {
  from: "customer c", at: "c.created_at", measures: { customers: flag("c.erased_at IS NULL") },
  keys: { CHANNEL: "NULL", HANDLER: "NULL", REGION: GROUP_KEYS.REGION.customer!, QUEUE: "NULL" },
};

function itemsSql(source: Source, scope: string, range: { from: string; to: string }, kind: "activity" | "customers", selection: DailySelection, unit: MeasureUnit): string {
  const { groupings } = selection;
  const keys = KEYED.filter((grouping) => groupings.includes(grouping)).map((grouping) => source.keys[grouping]);
  // every item has its customer (a foreign key): joined only to scope the items, to book them, or to key them by a customer's attribute
  const withCustomer = !source.customer || selection.books !== "all" || needsCustomer(scope, keys);
  const columns = [
    `${UNITS[unit](source.at)} AS day`, `${withCustomer ? "c.assigned_agent_id" : "CAST(NULL AS uuid)"} AS book`, `'${kind}' AS kind`,
    ...KEYED.map((grouping) => `${groupings.includes(grouping) ? `CAST(${source.keys[grouping]} AS text)` : "CAST(NULL AS text)"} AS k_${grouping.toLowerCase()}`),
    ...MEASURES.map((measure) => `${source.measures[measure] ?? "0"} AS ${measure}`),
    ...HISTOGRAMS.map((name) => `${source.histogram?.name === name ? bucket(source.histogram.value) : "CAST(NULL AS text)"} AS ${name}`),
    `${source.open ? flag(source.open) : "0"} AS open_cases`,
    `${source.open ? flag(`${source.open} AND ${BREACHED_CASE}`) : "0"} AS breached_open`,
    `${source.open ? `CASE WHEN ${source.open} THEN ${source.at} END` : "CAST(NULL AS timestamptz)"} AS ${OLDEST_OPEN}`,
  ];
  const joins = [...new Set(KEYED.filter((grouping) => groupings.includes(grouping)).map((grouping) => source.joins?.[grouping]))].filter(Boolean).join(" ");
  // by the hour only the backlog is kept: the open items alone are read (IDX_service_case_open_opened)
  const openOnly = unit === "hour" ? ` AND ${source.open}` : "";
  const from = withCustomer && source.customer ? `${source.from} JOIN customer c ON c.id = ${source.customer}` : source.from;
  return `SELECT ${columns.join(", ")} FROM ${from} ${joins} WHERE ${scope} AND ${source.at} >= ${range.from} AND ${source.at} < ${range.to}${openOnly}`;
}

/** What a read of the daily measures needs: which groupings, and the rows of every book together, of each book, or both (the refresh). */
export interface DailySelection {
  groupings: readonly StoredGrouping[];
  books: "all" | "each" | "both";
}

/** The refresh's selection: every grouping, every book and all together. */
export const EVERY_DAILY_MEASURE: DailySelection = { groupings: ["NONE", ...KEYED], books: "both" };

/**
 * The daily measures of the items in scope: the activity (contacts, complaints, claims, cases) that
 * started in [:<p>From, :<p>To) and the customers created in [:<p>CustomersFrom, :<p>CustomersTo),
 * one row per (day, all_books, book, group_by, k) with the columns of service_metrics_day. Reads :now.
 * By the hour (`unit`), only the open cases opened in [:<p>From, :<p>To), for their BACKLOG columns
 * (the column `day` then holds the hour).
 */
export function dailyMeasuresSql(scope: string, p: string, selection: DailySelection = EVERY_DAILY_MEASURE, unit: MeasureUnit = "day"): string {
  const activity = { from: `:${p}From`, to: `:${p}To` };
  const customers = { from: `:${p}CustomersFrom`, to: `:${p}CustomersTo` };
  const items = unit === "hour"
    ? SOURCES.filter((source) => source.open).map((source) => itemsSql(source, scope, activity, "activity", selection, unit))
    : [...SOURCES.map((source) => itemsSql(source, scope, activity, "activity", selection, unit)), itemsSql(CUSTOMERS, scope, customers, "customers", selection, unit)];
  const groupings = [
    ...(selection.groupings.includes("NONE") ? ["(CAST('NONE' AS text), CAST(NULL AS text))"] : []),
    ...KEYED.filter((g) => selection.groupings.includes(g)).map((g) => `('${g}', x.k_${g.toLowerCase()})`),
  ].join(", ");
  const books = { all: "(true, CAST(NULL AS uuid))", each: "(false, x.book)", both: "(false, x.book), (true, CAST(NULL AS uuid))" }[selection.books];
  return `
    SELECT y.day, y.all_books, y.book, y.group_by, y.k, ${[...MEASURES, ...BACKLOG].map((m) => `CAST(sum(y.${m}) AS int) AS ${m}`).join(", ")},
      ${HISTOGRAMS.map((h) => `coalesce(jsonb_object_agg(y.${h}, y.n) FILTER (WHERE y.${h} IS NOT NULL), '{}') AS ${h}`).join(", ")}, min(y.${OLDEST_OPEN}) AS ${OLDEST_OPEN}
    FROM (
      SELECT x.day, b.all_books, b.book, g.group_by, g.k, ${[...MEASURES, ...BACKLOG].map((m) => `sum(x.${m}) AS ${m}`).join(", ")}, min(x.${OLDEST_OPEN}) AS ${OLDEST_OPEN},
        ${HISTOGRAMS.map((h) => `x.${h}`).join(", ")}, count(*) AS n
      FROM (${items.join("\n      UNION ALL ")}) x
      CROSS JOIN LATERAL (VALUES ${books}) b(all_books, book)
      CROSS JOIN LATERAL (VALUES ${groupings}) g(group_by, k)
      WHERE x.kind = 'activity' OR g.group_by IN ('NONE', 'REGION')
      GROUP BY x.day, b.all_books, b.book, g.group_by, g.k, ${HISTOGRAMS.map((h) => `x.${h}`).join(", ")}) y
    GROUP BY y.day, y.all_books, y.book, y.group_by, y.k`;
}
