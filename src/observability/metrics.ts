import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics, one registry per process (several servers in one test process share it:
 * tests compare values before and after). Labels carry operation names and codes, never personal values.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "customer360_" });

export const requestDuration = new Histogram({
  name: "customer360_http_request_duration_seconds",
  help: "GraphQL request duration by operation name",
  labelNames: ["operation"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const graphqlErrors = new Counter({
  name: "customer360_graphql_errors_total",
  help: "GraphQL errors returned to clients, by extensions.code",
  labelNames: ["code"],
  registers: [metricsRegistry],
});

export const statementsPerRequest = new Histogram({
  name: "customer360_sql_statements_per_request",
  help: "SQL statements run for one GraphQL request, by operation name",
  labelNames: ["operation"],
  buckets: [1, 2, 5, 10, 15, 20, 30, 50, 100],
  registers: [metricsRegistry],
});

export const auditWrites = new Counter({
  name: "customer360_audit_writes_total",
  help: "Access-audit writes (one per request that returned personal data), by outcome",
  labelNames: ["outcome"],
  registers: [metricsRegistry],
});

export const shedRequests = new Counter({
  name: "customer360_requests_shed_total",
  help: "Requests refused before execution, by reason (in_flight, timeout, rate_limit, not_ready)",
  labelNames: ["reason"],
  registers: [metricsRegistry],
});

export const compiledReads = new Counter({
  name: "customer360_compiled_reads_total",
  help: "Read operations answered by one compiled SQL statement (compiled), answered UNAVAILABLE when the database could not serve (unavailable), or handed back to the executor after any other error (fallback)",
  labelNames: ["outcome"],
  registers: [metricsRegistry],
});

/** Connections checked out of each open database pool; sources register themselves while open. */
const poolSources = new Set<() => number>();
export function trackPoolInUse(source: () => number): () => void {
  poolSources.add(source);
  return () => poolSources.delete(source);
}
new Gauge({
  name: "customer360_db_pool_in_use",
  help: "Database connections currently checked out of the pool",
  registers: [metricsRegistry],
  collect() {
    let inUse = 0;
    for (const source of poolSources) inUse += source();
    this.set(inUse);
  },
});

const liveSources = new Set<() => number>();

/** Counts live subscriptions (graphql-ws) of every server of this process; returns the untrack function. */
export function trackLiveSubscriptions(source: () => number): () => void {
  liveSources.add(source);
  return () => liveSources.delete(source);
}
new Gauge({
  name: "customer360_live_subscriptions",
  help: "Live subscriptions (graphql-ws) currently open",
  registers: [metricsRegistry],
  collect() {
    let open = 0;
    for (const source of liveSources) open += source();
    this.set(open);
  },
});

const MAX_OPERATION_LABELS = 200;
const seenOperations = new Set<string>();

/** Operation label: the client's operation name, bounded so that clients cannot blow up the label set. */
export function operationLabel(name: string | null | undefined): string {
  if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return "anonymous";
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_LABELS) return "other";
  seenOperations.add(name);
  return name;
}

export const readRoutes = new Counter({
  name: "customer360_read_routes_total",
  help: "Where each read operation's reads went: replica, or primary by reason (no_replica: none configured or healthy; own_write: the caller's write is not replayed yet; write: a mutation)",
  labelNames: ["target", "reason"],
  registers: [metricsRegistry],
});

export const replicaSkips = new Counter({
  name: "customer360_replica_skipped_total",
  help: "Times a read replica was taken out of use, by replica and reason (down, lagging, failed: a read on it failed and was answered by the primary)",
  labelNames: ["replica", "reason"],
  registers: [metricsRegistry],
});

export const replicaLag = new Gauge({
  name: "customer360_replica_lag_seconds",
  help: "How far each read replica's replay is behind the primary (seconds since the primary wrote the oldest change it has not replayed); -1 while unreachable",
  labelNames: ["replica"],
  registers: [metricsRegistry],
});

export const offerRankings = new Counter({
  name: "customer360_offer_rankings_total",
  help: "Customers on offers pages, by where their ranking came from (stored: a stored ranking whose facts are unchanged; computed: the engine ran on facts read now)",
  labelNames: ["source"],
  registers: [metricsRegistry],
});
