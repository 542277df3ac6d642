import type { GraphQLErrorItem } from "./api";
import { duration, type SlaReading } from "./case-model";
import { formatTime, h, label } from "./dom";
import { personal } from "./fields";

/**
 * One SLA clock as a cell: met (in time or late), paused (no deadline while the case waits on the
 * customer; the time left frozen), breached, or due at breachAt with the time left.
 */
export function slaCell(reading: SlaReading): HTMLElement {
  const cell = h("td", { class: "sla", "data-milestone": reading.milestone, "data-breached": String(reading.breached) });
  const business = reading.measure === "BUSINESS" ? " business" : "";
  if (reading.stopped) {
    cell.append(reading.breached ? h("span", { class: "badge bad" }, "met late") : h("span", { class: "badge ok" }, "met"));
  } else if (reading.paused) {
    cell.append(h("span", { class: "badge" }, "paused"), ` ${duration(reading.remainingMs)}${business} left`);
  } else if (reading.breached) {
    cell.append(h("span", { class: "badge bad" }, "breached"), ` due ${formatTime(reading.breachAt)}`);
  } else {
    cell.append(`due ${formatTime(reading.breachAt)}`, h("div", { class: "muted small" }, `${duration(reading.remainingMs)}${business} left`));
  }
  return cell;
}

export function caseStatus(status: string): HTMLElement {
  return h("span", { class: `badge status-${status.toLowerCase()}`, "data-testid": "case-status" }, label(status));
}

/** The subject as the policy delivers it (null with FORBIDDEN for a role without SERVICE access: "restricted"), linking to the case. */
export function caseLink(serviceCase: { id: string; subject: string | null }, error: GraphQLErrorItem | undefined): HTMLElement {
  return h("a", { href: `#/cases/${serviceCase.id}`, "data-testid": "case-link" },
    serviceCase.subject ?? (error ? personal(null, error) : "(no subject)"));
}
