/**
 * Errors that mean "the database cannot serve right now" (not "this request is wrong"): the
 * client should retry later, so they become UNAVAILABLE / 503 instead of an internal error.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled: statement_timeout
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "53300", // too_many_connections
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

const UNAVAILABLE_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i, // pg-pool: no connection free within the acquire timeout
  /connection terminated/i,
  /not queryable/i,
  /Connection is not established/i,
  /Cannot use a pool after calling end/i,
  /terminating connection/i,
];

/** TypeORM's names for "the connection under this query runner is gone" (e.g. killed by a restart mid-transaction). */
const CONNECTION_LOST_ERRORS = new Set([
  "CannotExecuteNotConnectedError",
  "ConnectionIsNotSetError",
  "QueryRunnerAlreadyReleasedError",
  "QueryRunnerProviderAlreadyReleasedError",
]);

/** The error and the errors it wraps (TypeORM's driverError, `cause`, GraphQL's originalError). */
function* causes(error: unknown): Generator<{ code?: unknown; message?: unknown; name?: unknown }> {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 4; depth += 1) {
    yield current as { code?: unknown; message?: unknown; name?: unknown };
    const wrapper = current as { driverError?: unknown; cause?: unknown; originalError?: unknown };
    current = wrapper.driverError ?? wrapper.cause ?? wrapper.originalError;
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const { code, message, name } of causes(error)) {
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08") || UNAVAILABLE_ERRNOS.has(code))) return true;
    if (typeof name === "string" && CONNECTION_LOST_ERRORS.has(name)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a NUL byte in text, a number out of range, a
 * malformed value) come from what the client sent: BAD_USER_INPUT, not an internal error.
 */
export function isRejectedValue(error: unknown): boolean {
  for (const { code } of causes(error)) {
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

/**
 * Connection errors that waiting will not cure — the database named in DATABASE_URL does not
 * exist, the user or password is refused, the role may not create the schema: a one-line cause
 * naming the setting to fix, else null (unreachable, starting up, overloaded: retried).
 */
export function permanentDatabaseError(error: unknown): string | null {
  for (const { code, message } of causes(error)) {
    const text = typeof message === "string" ? message : "";
    if (code === "3D000") return `${text}: create it (createdb) or fix the database name in DATABASE_URL`;
    if (code === "28P01" || code === "28000") return `${text}: the server refused DATABASE_URL's user or password; fix DATABASE_URL`;
    if (code === "42501") return `${text}: DATABASE_URL's role may not create the schema (migrations need CREATE on the database); grant it or use another role`;
  }
  return null;
}

/** statement_timeout cancelled it (SQLSTATE 57014), at any depth of wrapping. */
export function isStatementTimeout(error: unknown): boolean {
  for (const { code } of causes(error)) if (code === "57014") return true;
  return false;
}
