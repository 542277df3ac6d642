/**
 * Events a clock writes (the complaint deadlines, the SLA sweep) have no actor: their request id is
 * `clock:<name>`. The prefix is declared once; each clock's id and every matcher that tells clock
 * events apart from caused ones (`request_id LIKE CLOCK_REQUEST_LIKE`) derive from it.
 */
export const CLOCK_REQUEST_PREFIX = "clock:";

/** The request id of one clock's events. */
export const clockRequestId = (clock: string): string => `${CLOCK_REQUEST_PREFIX}${clock}`;

/** A LIKE pattern matching every clock's request id (the prefix has no LIKE wildcard of its own). */
export const CLOCK_REQUEST_LIKE = `${CLOCK_REQUEST_PREFIX}%`;
