/**
 * What the console knows of the case workflow (docs/service-desk.md, "Cases"). The API does not
 * expose the moves, so the table is declared once here; test/console-cases.spec.ts checks that it
 * equals the server's CASE_WORKFLOW, and the server refuses any other move (CONFLICT) anyway.
 * No DOM here: the spec imports this file.
 */
export const CASE_MOVES: Readonly<Record<string, readonly string[]>> = {
  NEW: ["IN_PROGRESS", "WAITING_ON_CUSTOMER", "RESOLVED"],
  IN_PROGRESS: ["WAITING_ON_CUSTOMER", "RESOLVED"],
  WAITING_ON_CUSTOMER: ["IN_PROGRESS", "RESOLVED"],
  RESOLVED: ["CLOSED", "IN_PROGRESS"],
  CLOSED: ["IN_PROGRESS"],
};

export const OPEN_STATUSES = ["NEW", "IN_PROGRESS", "WAITING_ON_CUSTOMER"];
export const CASE_STATUSES = [...OPEN_STATUSES, "RESOLVED", "CLOSED"];
export const CASE_QUEUES = ["GENERAL", "CLAIMS", "POLICY_SERVICE", "COMPLAINTS"];
export const CASE_PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"];
/** The contact channels (Channel): a case is opened, an interaction recorded and a task's contact attempted on one. */
export const CHANNELS = ["PHONE", "HOTLINE", "BRANCH", "APP", "WEB", "WECHAT", "EMAIL", "AGENT_VISIT", "SOCIAL"];

/** Roles the API lets list and work cases (case-roles.ts); others get no header link (the API refuses them anyway). */
export const CASE_WORKERS = new Set(["AGENT", "CLAIMS_ADJUSTER", "COMPLIANCE", "SERVICE_REP", "ADMIN"]);

/** A move back into work from RESOLVED or CLOSED. */
export function isReopen(from: string, to: string): boolean {
  return (from === "RESOLVED" || from === "CLOSED") && to === "IN_PROGRESS";
}

/** Moves that keep a note: the resolution (to RESOLVED) or the reason (reopen); the API refuses a note with any other. */
export function moveNeedsNote(from: string, to: string): boolean {
  return to === "RESOLVED" || isReopen(from, to);
}

/** What the button of a move says. */
export function moveTitle(from: string, to: string): string {
  if (isReopen(from, to)) return "Reopen";
  if (from === "WAITING_ON_CUSTOMER" && to === "IN_PROGRESS") return "Resume work";
  return { IN_PROGRESS: "Start work", WAITING_ON_CUSTOMER: "Wait on customer", RESOLVED: "Resolve", CLOSED: "Close" }[to] ?? to;
}

/** The selection both the work list and the case page read a clock with. */
export const SLA_FIELDS = "milestone measure targetMs breachAt breached elapsedMs remainingMs paused stopped";

export interface SlaReading {
  milestone: string;
  measure: string;
  targetMs: number;
  breachAt: string | null;
  breached: boolean;
  elapsedMs: number;
  remainingMs: number;
  paused: boolean;
  stopped: boolean;
}

/** Business or clock time as "3h 05m" (a day of business time is 9 h, so hours read better than days). */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}
