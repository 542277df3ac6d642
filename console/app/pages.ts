import { ALERT_RECIPIENTS, renderAlerts } from "./alerts";
import { renderCaseDetail, type Viewer } from "./case-detail";
import { CASE_WORKERS } from "./case-model";
import { renderCaseList } from "./cases-page";
import { renderCustomer } from "./customer-page";
import { renderDuplicateReview } from "./duplicate-review";
import { TASK_WORKERS } from "./task-model";
import { renderTaskList } from "./tasks-page";

/** Roles the API lets review duplicate pairs. */
const REVIEWERS = new Set(["COMPLIANCE", "ADMIN"]);

/**
 * The console's pages besides search (#/ and #/search?q=…): a hash path, what renders it and, for a
 * list page, its header link with the roles the API lets use it — others get no link, and the API
 * refuses them if they type the address. A new page is one entry here.
 */
export interface ConsolePage {
  /** The hash path; its capture groups (an id) are passed to `render`. */
  path: RegExp;
  render(main: HTMLElement, route: { ids: string[]; query: URLSearchParams; viewer: Viewer }): Promise<void>;
  nav?: { href: string; title: string; testId: string; roles: ReadonlySet<string> };
}

const ID = "([0-9a-f-]{36})";

export const PAGES: ConsolePage[] = [
  { path: /^\/alerts$/, render: (main) => renderAlerts(main), nav: { href: "#/alerts", title: "Alerts", testId: "nav-alerts", roles: ALERT_RECIPIENTS } },
  { path: /^\/cases$/, render: (main, { query }) => renderCaseList(main, query), nav: { href: "#/cases", title: "Cases", testId: "nav-cases", roles: CASE_WORKERS } },
  { path: new RegExp(`^/cases/${ID}$`, "i"), render: (main, { ids, viewer }) => renderCaseDetail(main, ids[0], viewer) },
  { path: /^\/tasks$/, render: (main, { query, viewer }) => renderTaskList(main, query, viewer), nav: { href: "#/tasks", title: "Tasks", testId: "nav-tasks", roles: TASK_WORKERS } },
  { path: /^\/duplicates$/, render: (main) => renderDuplicateReview(main), nav: { href: "#/duplicates", title: "Duplicate review", testId: "nav-duplicates", roles: REVIEWERS } },
  { path: new RegExp(`^/customer/${ID}$`, "i"), render: (main, { ids, viewer }) => renderCustomer(main, ids[0], viewer) },
];
