import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { deriveCursorKey } from "./shared/cursor-seal";
import { DEFAULT_SOURCE_PRIORITY, DEFAULT_SURVIVORSHIP, PROFILE_ATTRIBUTES, SURVIVORSHIP_RULES, type SurvivorshipSettings } from "./shared/survivorship";

/** Typed environment, read and validated once at start-up. */
export interface AppConfig {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  piiEncryptionKey: string;
  /** Key of the opaque list cursors (from CURSOR_SECRET, else derived from JWT_SECRET: every replica opens every other's cursors). */
  cursorKey: Buffer;
  demoCustomers: number;
  seed: number;
  /** Hours from receipt to a complaint's due time, per severity (COMPLAINT_DUE_HOURS_<SEVERITY>). */
  complaintDueHours: Record<ComplaintSeverityName, number>;
  /** How long a staff user's record is trusted before it is read again (deactivation delay). */
  staffCacheMs: number;
  /** Exact look-ups by a personal value (national id) per actor and hour, for roles that see the value masked. */
  lookupsPerHour: number;
  /** Answer list reads the compiled plan knows with one JSON-building statement (COMPILED_READS=off: every field through the executor). */
  compiledReads: boolean;
  /** A compiled customer(id) read by staff inserts its access-audit rows in its own statement (AUDIT_IN_READ=on) instead of the grouped INSERT. */
  auditInRead: boolean;
  /** Offers answer from stored rankings while their facts are unchanged (OFFER_RANKINGS=on, default; off: computed at every read). */
  offerRankings: boolean;
  /** OFFER_RANKING_PRUNE (a duration, default 15m; off; off under NODE_ENV=test): how often expired rankings and seen change rows are deleted; null: never. */
  offerRankingPruneMs: number | null;
  /** Count SQL statements per request (SQL_STATEMENT_COUNTS=1; on under NODE_ENV=test): metric, log field, x-sql-statements outside production. */
  sqlStatementCounts: boolean;
  /** Longest token lifetime accepted (`exp - iat`, seconds); tokens without `iat` are refused. */
  tokenMaxLifetimeSeconds: number;
  /** ADMIN staff user created at start-up when no active ADMIN exists (first-administrator bootstrap). */
  bootstrapAdmin: { username: string; displayName: string } | undefined;
  /** Where GET /metrics is served; undefined port = on the API port (never in production). */
  metrics: MetricsSettings;
  limits: QueryLimits;
  traffic: TrafficSettings;
  database: DatabaseSettings;
  exfiltrationAlert: ExfiltrationAlertSettings;
  imports: ImportSettings;
  /** How a linked person's unified profile chooses each attribute (SURVIVORSHIP_RULES, SOURCE_PRIORITY). */
  survivorship: SurvivorshipSettings;
  webhooks: WebhookSettings;
  /** Quiet hours and the marketing frequency cap of the contact policy (src/modules/contact-policy). */
  contactPolicy: ContactSettings;
  /** CASE_SLA_TARGETS: the deployment's case service levels over the declared defaults (read by the service desk at start; null: the defaults). */
  caseSlaTargets: string | null;
  retention: RetentionSettings;
  /**
   * SEGMENT_COUNT_REFRESH (a duration, default 5m; off; off under NODE_ENV=test): how often segment
   * member counts are counted ahead for every role (src/modules/segment/segment-counts.ts) and
   * served from there with their time; null: counted live at every read.
   */
  segmentCountRefreshMs: number | null;
  /**
   * METRICS_ROLLUP_REFRESH (a duration, default 15m; off; off under NODE_ENV=test): how often the
   * daily rollups of the service figures are recomputed (src/modules/metrics/metrics-rollup.ts);
   * null: serviceMetrics is computed live at every read.
   */
  metricsRollupRefreshMs: number | null;
}

/** The retention job (src/modules/retention): how often the server runs it, and the periods as given. */
export interface RetentionSettings {
  /** Between scheduled runs (RETENTION_SCHEDULE: a duration, default 24h; off; off under NODE_ENV=test); null: not scheduled. */
  everyMs: number | null;
  /** Rows per DELETE transaction (RETENTION_BATCH_SIZE, default 5000). */
  batchSize: number;
  /** Every other RETENTION_* variable as given (the periods, RETENTION_*_DAYS / _YEARS): the retention table reads them and refuses a name it does not declare. */
  periods: Record<string, string>;
}

/** Quiet hours as local times of day in a zone: [start, end), wrapping midnight when start > end. */
export interface QuietHours {
  /** Milliseconds after local midnight. */
  startMs: number;
  endMs: number;
  timeZone: string;
}

/** The marketing frequency cap: at most `contacts` outbound marketing contacts in the last `days` × 24 h. */
export interface FrequencyCap {
  contacts: number;
  days: number;
}

/** CONTACT_QUIET_HOURS (default 21:00-08:00, or off), CONTACT_TIME_ZONE (Asia/Shanghai), MARKETING_CAP_CONTACTS (2; 0 = no cap), MARKETING_CAP_DAYS (30). */
export interface ContactSettings {
  quietHours: QuietHours | null;
  marketingCap: FrequencyCap | null;
}

/** The outbox's webhook dispatcher in the API process. */
export interface WebhookSettings {
  /** Run the dispatcher loop in this process (WEBHOOK_DISPATCH=on|off; off under NODE_ENV=test: tests drive it). */
  dispatch: boolean;
  pollMs: number;
  /** Seconds to wait before each retry; a delivery failing after the last one is DEAD. */
  retrySchedule: number[];
  /** How long one attempt may take. */
  timeoutMs: number;
  /** NATS JetStream, the outbox's second consumer (off without NATS_URL). */
  stream: StreamSettings | null;
  /** An endpoint whose every attempt failed this long is disabled (WEBHOOK_DISABLE_AFTER_HOURS, default 120). */
  disableAfterMs: number;
  /** How long the delivery log keeps an attempt (WEBHOOK_LOG_DAYS, default 30). */
  logDays: number;
}

/** Where the outbox's events are streamed (NATS_URL, NATS_SUBJECT_PREFIX, NATS_STREAM, NATS_ACK_TIMEOUT_MS). */
export interface StreamSettings {
  url: string;
  /** Subjects are `<prefix>.<event type>`, e.g. customer360.complaint.filed. */
  subjectPrefix: string;
  /** The JetStream stream that holds them, created at the first publish if absent. */
  streamName: string;
  /** How long to wait for the server's acknowledgement of one event. */
  ackTimeoutMs: number;
}

/** Files sent to POST /imports: where they wait for their job (IMPORT_SPOOL_DIR) and how large one may be (IMPORT_MAX_BYTES). */
export interface ImportSettings {
  spoolDir: string;
  maxBytes: number;
}

/** What one GraphQL document may ask for (rejected with 400 before execution). */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** List fields count `first` times their selection (see src/graphql/limits.ts). */
  maxCost: number;
  maxValidationErrors: number;
}

/** Back-pressure and exposure of the HTTP endpoint. */
export interface TrafficSettings {
  /** Concurrent /graphql requests; more are shed with 503 + Retry-After. */
  maxInFlight: number;
  /** Pause before a refused request gets its 503 (keeps retry storms from starving admitted work). */
  shedDelayMs: number;
  requestTimeoutMs: number;
  /** Requests per minute per principal (viewer id, else client address); 0 = no limit. */
  rateLimitPerMinute: number;
  /** Requests per minute per client address whose token does not verify; then 429 without verifying (0 = no limit). */
  authFailureLimitPerMinute: number;
  /** Rate-limit counters shared by every replica when set. */
  redisUrl: string | undefined;
  /** Key prefix of the counters (several deployments may share one Redis). */
  rateLimitPrefix: string;
  /** Browser origins allowed by CORS; empty = no cross-origin browser access. */
  corsOrigins: string[];
  /** "only": reject any operation that is not in the manifest file. */
  persistedOperations: "off" | "allow" | "only";
  persistedOperationsFile: string | undefined;
}

export interface MetricsSettings {
  /** Own listener for /metrics (METRICS_PORT); undefined outside production when unset: on the API port. */
  port: number | undefined;
  host: string;
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  token: string | undefined;
}

export interface DatabaseSettings {
  poolSize: number;
  /** Longest wait for a pooled connection before the request fails with UNAVAILABLE. */
  acquireTimeoutMs: number;
  /** How long an idle pooled connection is kept (0: always); a new one plans its statements anew. */
  poolIdleMs: number;
  statementTimeoutMs: number;
  /** While the database is unreachable at start-up, how often to try again. */
  retryIntervalMs: number;
  /** PostgreSQL streaming replicas for reads (DATABASE_REPLICA_URLS); empty: every read on the primary. */
  replicas: { urls: string[]; maxLagMs: number; checkIntervalMs: number };
}

/** Exfiltration alert (PIPL duty 12): per actor, personal values released within a sliding window; 0 = off. */
export interface ExfiltrationAlertSettings {
  /** Alert when one actor received personal values of more distinct customers than this. */
  customersPerWindow: number;
  /** Alert when one actor received more personal values (fields × customers) than this. */
  valuesPerWindow: number;
  windowMs: number;
}

function exfiltrationAlertSettings(env: NodeJS.ProcessEnv): ExfiltrationAlertSettings {
  return {
    customersPerWindow: integer("EXFILTRATION_ALERT_CUSTOMERS", env.EXFILTRATION_ALERT_CUSTOMERS, 500, 0, 10_000_000),
    valuesPerWindow: integer("EXFILTRATION_ALERT_VALUES", env.EXFILTRATION_ALERT_VALUES, 10_000, 0, 1_000_000_000),
    windowMs: 60_000 * integer("EXFILTRATION_ALERT_WINDOW_MINUTES", env.EXFILTRATION_ALERT_WINDOW_MINUTES, 60, 1, 24 * 60),
  };
}

export type ComplaintSeverityName = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
const COMPLAINT_SEVERITIES: ComplaintSeverityName[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** The service target: 24 hours from receipt, unless configured otherwise per severity. */
const DEFAULT_COMPLAINT_DUE_HOURS = 24;

/** The due hours of complaints without COMPLAINT_DUE_HOURS_* set: for writers that run without the server's config (tests of the import). */
export function defaultComplaintDueHours(): Record<ComplaintSeverityName, number> {
  return Object.fromEntries(COMPLAINT_SEVERITIES.map((severity) => [severity, DEFAULT_COMPLAINT_DUE_HOURS])) as Record<ComplaintSeverityName, number>;
}

export const DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-0123456789abcdef";
export const DEV_PII_KEY = "dev-only-pii-key-change-me-0123456789abcdef";

export class ConfigError extends Error {}

/** Port of the metrics listener in production when METRICS_PORT is not set (the Prometheus exporter convention). */
export const DEFAULT_METRICS_PORT = 9464;
const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 12 * 3600;
const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** DATABASE_URL, when set, must be a PostgreSQL URL: a malformed one stops the start with the setting named (never retried). */
function databaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const problem = !URL.canParse(raw) ? "it is not a URL" : !/^postgres(ql)?:$/.test(new URL(raw).protocol) ? `its scheme is ${new URL(raw).protocol.replace(/:$/, "")}, not postgres` : !new URL(raw).hostname ? "it names no host" : null;
  if (problem) throw new ConfigError(`DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/customer360 (${problem}); unset it to use the embedded database`);
  return raw;
}

/** DATABASE_REPLICA_URLS (comma-separated PostgreSQL URLs), REPLICA_MAX_LAG (a duration), REPLICA_CHECK_INTERVAL_MS. */
function replicaSettings(env: NodeJS.ProcessEnv): DatabaseSettings["replicas"] {
  const urls = (env.DATABASE_REPLICA_URLS ?? "").split(",").map((url) => url.trim()).filter(Boolean);
  if (urls.length > 0 && !env.DATABASE_URL) throw new ConfigError("DATABASE_REPLICA_URLS needs DATABASE_URL: read replicas are PostgreSQL streaming replicas of that primary (the embedded database has none)");
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) throw new ConfigError("DATABASE_REPLICA_URLS must be postgres:// URLs separated by commas");
  }
  return {
    urls,
    maxLagMs: duration("REPLICA_MAX_LAG", env.REPLICA_MAX_LAG, 5, 1, 3600) * 1000,
    checkIntervalMs: integer("REPLICA_CHECK_INTERVAL_MS", env.REPLICA_CHECK_INTERVAL_MS, 1000, 50, 60_000),
  };
}

/** "12h", "90m", "3600" (seconds) → seconds. */
function duration(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  const value = match ? Number(match[1]) * DURATION_UNITS[match[2] || "s"] : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a duration from ${min} s to ${max} s (e.g. 12h, 90m, 3600), got "${raw}"`);
  }
  return value;
}

/**
 * Only NODE_ENV=development, by name, turns on development conveniences (dev sign-in, GraphiQL,
 * demo data, development secrets); `test` is the suite's mode; anything else — unset, "prod",
 * "staging", a typo — runs as production.
 */
function modeOf(nodeEnv: string | undefined): AppConfig["nodeEnv"] {
  return nodeEnv === "development" ? "development" : nodeEnv === "test" ? "test" : "production";
}

function productionSecretHint(env: NodeJS.ProcessEnv): string {
  return env.NODE_ENV === "production"
    ? ""
    : ` (NODE_ENV is ${env.NODE_ENV ? `"${env.NODE_ENV}"` : "not set"}: anything but development or test runs as production; set NODE_ENV=development for a local run)`;
}

/**
 * SURVIVORSHIP_RULES="email=SOURCE_PRIORITY,fullName=MOST_RECENT" overrides the default rule of the
 * attributes it names; SOURCE_PRIORITY="CORE_PAS,CRM,customer360" ranks the systems of record.
 */
function survivorship(env: NodeJS.ProcessEnv): SurvivorshipSettings {
  const rules = { ...DEFAULT_SURVIVORSHIP };
  for (const entry of (env.SURVIVORSHIP_RULES ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const [attribute, rule] = entry.split("=").map((part) => part.trim());
    if (!(attribute in PROFILE_ATTRIBUTES)) {
      throw new ConfigError(`SURVIVORSHIP_RULES names "${attribute}", which is not a profile attribute (${Object.keys(PROFILE_ATTRIBUTES).join(", ")})`);
    }
    if (!(SURVIVORSHIP_RULES as readonly string[]).includes(rule)) {
      throw new ConfigError(`SURVIVORSHIP_RULES gives "${attribute}" the rule "${rule}"; rules: ${SURVIVORSHIP_RULES.join(", ")}`);
    }
    rules[attribute as keyof typeof rules] = rule as (typeof SURVIVORSHIP_RULES)[number];
  }
  const sourcePriority = env.SOURCE_PRIORITY ? env.SOURCE_PRIORITY.split(",").map((system) => system.trim()).filter(Boolean) : DEFAULT_SOURCE_PRIORITY;
  if (sourcePriority.some((system) => !/^[\w.-]{1,40}$/.test(system))) throw new ConfigError("SOURCE_PRIORITY must be a comma-separated list of system names");
  return { rules, sourcePriority };
}

/** Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — about 28 hours of retries. */
const DEFAULT_RETRY_SCHEDULE = "5,300,1800,7200,18000,36000,36000";

function webhookSettings(env: NodeJS.ProcessEnv, nodeEnv: AppConfig["nodeEnv"]): WebhookSettings {
  const dispatch = env.WEBHOOK_DISPATCH || (nodeEnv === "test" ? "off" : "on");
  if (dispatch !== "on" && dispatch !== "off") throw new ConfigError(`WEBHOOK_DISPATCH must be "on" or "off", got "${dispatch}"`);
  const schedule = (env.WEBHOOK_RETRY_SCHEDULE || DEFAULT_RETRY_SCHEDULE).split(",").map((part) => Number(part.trim()));
  if (schedule.length === 0 || schedule.length > 20 || schedule.some((seconds) => !Number.isFinite(seconds) || seconds < 0 || seconds > 7 * 86_400)) {
    throw new ConfigError("WEBHOOK_RETRY_SCHEDULE must be 1 to 20 comma-separated waits in seconds (0 to 604800)");
  }
  return {
    dispatch: dispatch === "on",
    pollMs: integer("WEBHOOK_POLL_MS", env.WEBHOOK_POLL_MS, 1000, 10, 600_000),
    retrySchedule: schedule,
    timeoutMs: integer("WEBHOOK_TIMEOUT_MS", env.WEBHOOK_TIMEOUT_MS, 5000, 100, 60_000),
    stream: streamSettings(env),
    disableAfterMs: integer("WEBHOOK_DISABLE_AFTER_HOURS", env.WEBHOOK_DISABLE_AFTER_HOURS, 120, 1, 24 * 90) * 3_600_000,
    logDays: integer("WEBHOOK_LOG_DAYS", env.WEBHOOK_LOG_DAYS, 30, 1, 3650),
  };
}

function streamSettings(env: NodeJS.ProcessEnv): StreamSettings | null {
  if (!env.NATS_URL) return null;
  if (!/^(nats|tls):\/\/[\w.-]+(:\d{1,5})?(,(nats|tls):\/\/[\w.-]+(:\d{1,5})?)*$/.test(env.NATS_URL)) {
    throw new ConfigError("NATS_URL must be nats://host:port (several comma-separated)");
  }
  const subjectPrefix = env.NATS_SUBJECT_PREFIX || "customer360";
  if (!/^[\w-]{1,40}(\.[\w-]{1,40}){0,3}$/.test(subjectPrefix)) throw new ConfigError("NATS_SUBJECT_PREFIX must be dot-separated subject tokens");
  const streamName = env.NATS_STREAM || "CUSTOMER360";
  if (!/^[\w-]{1,64}$/.test(streamName)) throw new ConfigError("NATS_STREAM must be letters, digits, _ or -");
  return { url: env.NATS_URL, subjectPrefix, streamName, ackTimeoutMs: integer("NATS_ACK_TIMEOUT_MS", env.NATS_ACK_TIMEOUT_MS, 5000, 100, 60_000) };
}

function contactSettings(env: NodeJS.ProcessEnv): ContactSettings {
  const raw = (env.CONTACT_QUIET_HOURS || "21:00-08:00").trim();
  const timeZone = env.CONTACT_TIME_ZONE || "Asia/Shanghai";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new ConfigError(`CONTACT_TIME_ZONE must be an IANA time zone (e.g. Asia/Shanghai), got "${timeZone}"`);
  }
  let quietHours: QuietHours | null = null;
  if (raw.toLowerCase() !== "off") {
    const match = /^([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-3]):([0-5]\d)$/.exec(raw);
    if (!match) throw new ConfigError(`CONTACT_QUIET_HOURS must be HH:MM-HH:MM (e.g. 21:00-08:00) or off, got "${raw}"`);
    const [h1, m1, h2, m2] = match.slice(1).map(Number);
    quietHours = { startMs: (h1 * 60 + m1) * 60_000, endMs: (h2 * 60 + m2) * 60_000, timeZone };
  }
  const contacts = integer("MARKETING_CAP_CONTACTS", env.MARKETING_CAP_CONTACTS, 2, 0, 1000);
  const days = integer("MARKETING_CAP_DAYS", env.MARKETING_CAP_DAYS, 30, 1, 366);
  return { quietHours, marketingCap: contacts === 0 ? null : { contacts, days } };
}

const RETENTION_SETTINGS = ["RETENTION_SCHEDULE", "RETENTION_BATCH_SIZE"];

function retentionSettings(env: NodeJS.ProcessEnv, nodeEnv: AppConfig["nodeEnv"]): RetentionSettings {
  const everyMs = scheduleMs("RETENTION_SCHEDULE", env.RETENTION_SCHEDULE, nodeEnv, 86_400, 60, 30 * 86_400);
  // every other RETENTION_* names a period: the retention table refuses a name it does not declare (a typo would keep the default silently)
  const periods = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith("RETENTION_") && !RETENTION_SETTINGS.includes(name) && value !== undefined && value !== ""),
  ) as Record<string, string>;
  return { everyMs, batchSize: integer("RETENTION_BATCH_SIZE", env.RETENTION_BATCH_SIZE, 5000, 1, 100_000), periods };
}

/** A background job's interval: a duration, or off (the default under NODE_ENV=test, where specs run the job themselves). */
function scheduleMs(name: string, raw: string | undefined, nodeEnv: AppConfig["nodeEnv"], fallback: number, min: number, max: number): number | null {
  const value = (raw || (nodeEnv === "test" ? "off" : "")).trim();
  return value.toLowerCase() === "off" ? null : 1000 * duration(name, value, fallback, min, max);
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * With NODE_ENV=development and without PII_ENCRYPTION_KEY, a random key is generated once into the data
 * directory (owner-only file), so that a development database is not encrypted with a key
 * published in the source. Tests use the fixed development key.
 */
function developmentPiiKey(dataDir: string): string {
  const file = path.join(dataDir, "pii-encryption.key");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString("hex");
    try {
      fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
      return key;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process created it first
    }
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = modeOf(env.NODE_ENV);
  const production = nodeEnv === "production";
  const dataDir = path.resolve(env.DATA_DIR || ".data");
  const jwtSecret = env.JWT_SECRET || (production ? "" : DEV_JWT_SECRET);
  const piiEncryptionKey = env.PII_ENCRYPTION_KEY || (nodeEnv === "development" ? developmentPiiKey(dataDir) : production ? "" : DEV_PII_KEY);
  if (production) {
    if (jwtSecret === DEV_JWT_SECRET || Buffer.byteLength(jwtSecret) < 32) {
      throw new ConfigError(`JWT_SECRET must be set to at least 32 bytes in production${productionSecretHint(env)}`);
    }
    if (piiEncryptionKey === DEV_PII_KEY || Buffer.byteLength(piiEncryptionKey) < 32) {
      throw new ConfigError(`PII_ENCRYPTION_KEY must be set to at least 32 bytes in production${productionSecretHint(env)}`);
    }
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && Buffer.byteLength(metricsToken) < 16) throw new ConfigError("METRICS_TOKEN must be at least 16 bytes");
  const bootstrapUsername = env.BOOTSTRAP_ADMIN_USERNAME?.trim();
  if (bootstrapUsername !== undefined && bootstrapUsername !== "" && !/^[\w.@-]{1,64}$/.test(bootstrapUsername)) {
    throw new ConfigError("BOOTSTRAP_ADMIN_USERNAME must be 1 to 64 letters, digits or . _ @ -");
  }
  const persistedOperations = env.PERSISTED_OPERATIONS || "off";
  if (persistedOperations !== "off" && persistedOperations !== "allow" && persistedOperations !== "only") {
    throw new ConfigError(`PERSISTED_OPERATIONS must be "off", "allow" or "only", got "${persistedOperations}"`);
  }
  const compiledReads = env.COMPILED_READS || "on";
  if (compiledReads !== "on" && compiledReads !== "off") throw new ConfigError(`COMPILED_READS must be "on" or "off", got "${compiledReads}"`);
  const offerRankings = env.OFFER_RANKINGS || "on";
  if (offerRankings !== "on" && offerRankings !== "off") throw new ConfigError(`OFFER_RANKINGS must be "on" or "off", got "${offerRankings}"`);
  const auditInRead = env.AUDIT_IN_READ || "off";
  if (auditInRead !== "on" && auditInRead !== "off") throw new ConfigError(`AUDIT_IN_READ must be "on" or "off", got "${auditInRead}"`);
  const sqlStatementCounts = env.SQL_STATEMENT_COUNTS || (nodeEnv === "test" ? "1" : "0");
  if (sqlStatementCounts !== "1" && sqlStatementCounts !== "0") throw new ConfigError(`SQL_STATEMENT_COUNTS must be "1" or "0", got "${sqlStatementCounts}"`);
  if (persistedOperations !== "off" && !env.PERSISTED_OPERATIONS_FILE) {
    throw new ConfigError(`PERSISTED_OPERATIONS=${persistedOperations} needs PERSISTED_OPERATIONS_FILE (a JSON manifest of operation hashes)`);
  }
  return {
    nodeEnv,
    port: integer("PORT", env.PORT, 4000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    dataDir,
    databaseUrl: databaseUrl(env.DATABASE_URL),
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || "customer360",
    jwtAudience: env.JWT_AUDIENCE || "customer360-api",
    piiEncryptionKey,
    cursorKey: deriveCursorKey(env.CURSOR_SECRET || jwtSecret),
    demoCustomers: integer("DEMO_CUSTOMERS", env.DEMO_CUSTOMERS, 500, 0, 1_000_000),
    seed: integer("SEED", env.SEED, 360, 0, 2 ** 31 - 1),
    complaintDueHours: Object.fromEntries(
      COMPLAINT_SEVERITIES.map((severity) => {
        const name = `COMPLAINT_DUE_HOURS_${severity}`;
        return [severity, integer(name, env[name], DEFAULT_COMPLAINT_DUE_HOURS, 1, 24 * 90)];
      }),
    ) as Record<ComplaintSeverityName, number>,
    // tests pin statement counts per request and change staff records: no cache there by default
    staffCacheMs: integer("STAFF_CACHE_MS", env.STAFF_CACHE_MS, nodeEnv === "test" ? 0 : 5000, 0, 3_600_000),
    compiledReads: compiledReads === "on",
    auditInRead: auditInRead === "on",
    offerRankings: offerRankings === "on",
    offerRankingPruneMs: scheduleMs("OFFER_RANKING_PRUNE", env.OFFER_RANKING_PRUNE, nodeEnv, 900, 10, 86_400),
    sqlStatementCounts: sqlStatementCounts === "1",
    lookupsPerHour: integer("LOOKUPS_PER_HOUR", env.LOOKUPS_PER_HOUR, 60, 1, 100_000),
    tokenMaxLifetimeSeconds: duration("TOKEN_MAX_LIFETIME", env.TOKEN_MAX_LIFETIME, DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, 60, 7 * 86_400),
    bootstrapAdmin: bootstrapUsername
      ? { username: bootstrapUsername, displayName: (env.BOOTSTRAP_ADMIN_DISPLAY_NAME || bootstrapUsername).trim().slice(0, 120) }
      : undefined,
    imports: {
      spoolDir: path.resolve(env.IMPORT_SPOOL_DIR || path.join(dataDir, "imports")),
      // a 2-million-row policy book as CSV is ~1 GB; gzip it to send more
      maxBytes: integer("IMPORT_MAX_BYTES", env.IMPORT_MAX_BYTES, 4 * 2 ** 30, 1024, 2 ** 40),
    },
    survivorship: survivorship(env),
    webhooks: webhookSettings(env, nodeEnv),
    contactPolicy: contactSettings(env),
    caseSlaTargets: env.CASE_SLA_TARGETS?.trim() || null,
    retention: retentionSettings(env, nodeEnv),
    segmentCountRefreshMs: scheduleMs("SEGMENT_COUNT_REFRESH", env.SEGMENT_COUNT_REFRESH, nodeEnv, 300, 10, 86_400),
    metricsRollupRefreshMs: scheduleMs("METRICS_ROLLUP_REFRESH", env.METRICS_ROLLUP_REFRESH, nodeEnv, 900, 10, 86_400),
    metrics: {
      port: env.METRICS_PORT ? integer("METRICS_PORT", env.METRICS_PORT, 0, 0, 65535) : production ? DEFAULT_METRICS_PORT : undefined,
      host: env.METRICS_HOST || "127.0.0.1",
      token: metricsToken,
    },
    limits: {
      maxDepth: integer("MAX_DEPTH", env.MAX_DEPTH, 10, 1, 100),
      maxAliases: integer("MAX_ALIASES", env.MAX_ALIASES, 15, 0, 1000),
      maxDirectives: integer("MAX_DIRECTIVES", env.MAX_DIRECTIVES, 10, 0, 1000),
      maxTokens: integer("MAX_TOKENS", env.MAX_TOKENS, 2000, 10, 100_000),
      maxCost: integer("MAX_COST", env.MAX_COST, 10_000, 1, 10_000_000),
      maxValidationErrors: integer("MAX_VALIDATION_ERRORS", env.MAX_VALIDATION_ERRORS, 10, 1, 100),
    },
    traffic: {
      maxInFlight: integer("MAX_IN_FLIGHT", env.MAX_IN_FLIGHT, 64, 1, 100_000),
      shedDelayMs: integer("SHED_DELAY_MS", env.SHED_DELAY_MS, 500, 0, 10_000),
      requestTimeoutMs: integer("REQUEST_TIMEOUT_MS", env.REQUEST_TIMEOUT_MS, 8000, 10, 600_000),
      rateLimitPerMinute: integer("RATE_LIMIT_PER_MINUTE", env.RATE_LIMIT_PER_MINUTE, 1200, 0, 10_000_000),
      authFailureLimitPerMinute: integer("AUTH_FAILURE_LIMIT_PER_MINUTE", env.AUTH_FAILURE_LIMIT_PER_MINUTE, 60, 0, 10_000_000),
      redisUrl: env.REDIS_URL || undefined,
      rateLimitPrefix: env.RATE_LIMIT_PREFIX || "c360:rate",
      corsOrigins: (env.CORS_ORIGINS ?? "").split(",").map((origin) => origin.trim()).filter(Boolean),
      persistedOperations,
      persistedOperationsFile: env.PERSISTED_OPERATIONS_FILE || undefined,
    },
    database: {
      poolSize: integer("DB_POOL_SIZE", env.DB_POOL_SIZE, 10, 1, 1000),
      acquireTimeoutMs: integer("DB_ACQUIRE_TIMEOUT_MS", env.DB_ACQUIRE_TIMEOUT_MS, 2000, 10, 600_000),
      poolIdleMs: 1000 * integer("DB_POOL_IDLE_SECONDS", env.DB_POOL_IDLE_SECONDS, 300, 0, 86_400),
      statementTimeoutMs: integer("STATEMENT_TIMEOUT_MS", env.STATEMENT_TIMEOUT_MS, 5000, 0, 3_600_000),
      retryIntervalMs: integer("DB_RETRY_INTERVAL_MS", env.DB_RETRY_INTERVAL_MS, 1000, 10, 600_000),
      replicas: replicaSettings(env),
    },
    exfiltrationAlert: exfiltrationAlertSettings(env),
  };
}
