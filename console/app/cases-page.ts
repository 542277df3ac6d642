import { errorAt, type GraphQLErrorItem } from "./api";
import { CASE_QUEUES, CASE_STATUSES, SLA_FIELDS, type SlaReading } from "./case-model";
import { caseLink, caseStatus, slaCell } from "./case-parts";
import { formatTime, h, label, mount } from "./dom";
import { personal } from "./fields";
import { workList } from "./work-list";

const PAGE_SIZE = 20;

interface CaseRow {
  id: string;
  subject: string | null;
  status: string;
  priority: string;
  channel: string;
  queue: string | null;
  openedAt: string;
  assignee: { displayName: string } | null;
  customer: { id: string; customerNumber: string; fullName: string | null } | null;
  firstResponseSla: SlaReading;
  resolutionSla: SlaReading;
}

const WORK_LIST = `query ConsoleCases($first: Int, $after: String, $queue: CaseQueue, $assignee: CaseAssignee, $status: CaseStatus, $breached: Boolean) {
  cases(first: $first, after: $after, queue: $queue, assignee: $assignee, status: $status, breached: $breached) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id subject status priority channel queue openedAt assignee { displayName }
      customer { id customerNumber fullName }
      firstResponseSla { ${SLA_FIELDS} } resolutionSla { ${SLA_FIELDS} } } }
  }
}`;

/** The filters of the list, kept in the address (#/cases?queue=GENERAL&assignee=ME&breached=true). */
interface CaseFilter {
  queue: string | null;
  assignee: "ME" | "NOBODY" | null;
  status: string | null;
  breached: boolean | null;
}

function filterOf(query: URLSearchParams): CaseFilter {
  const pick = (name: string, allowed: string[]) => {
    const value = query.get(name);
    return value && allowed.includes(value) ? value : null;
  };
  return {
    queue: pick("queue", CASE_QUEUES),
    assignee: pick("assignee", ["ME", "NOBODY"]) as CaseFilter["assignee"],
    status: pick("status", CASE_STATUSES),
    breached: query.get("breached") === "true" ? true : null,
  };
}

function select(name: string, title: string, options: [string, string][], value: string | null): HTMLElement {
  return h("label", null, `${title} `,
    h("select", { name, "data-testid": `filter-${name}` }, options.map(([v, text]) => h("option", { value: v, selected: v === (value ?? "") }, text))));
}

function filterForm(filter: CaseFilter): HTMLElement {
  const breached = h("input", { type: "checkbox", name: "breached", value: "true", checked: filter.breached === true, "data-testid": "filter-breached" });
  const form = h("form", { class: "filter", "data-testid": "case-filter" },
    select("queue", "Queue", [["", "every queue"], ...CASE_QUEUES.map((q): [string, string] => [q, label(q)])], filter.queue), " ",
    select("assignee", "Whose", [["", "anyone's"], ["ME", "mine"], ["NOBODY", "unassigned"]], filter.assignee), " ",
    select("status", "Status", [["", "open (any)"], ...CASE_STATUSES.map((s): [string, string] => [s, label(s)])], filter.status), " ",
    h("label", null, breached, " SLA breached"), " ",
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [name, value] of new FormData(form).entries()) if (value) chosen.set(name, String(value));
    location.hash = `#/cases${chosen.size ? `?${chosen}` : ""}`;
  });
  return form;
}

function caseRow(node: CaseRow, errors: GraphQLErrorItem[], path: (string | number)[]): HTMLElement {
  const customer = node.customer
    ? h("td", null, h("a", { href: `#/customer/${node.customer.id}` }, node.customer.customerNumber), h("br"),
      personal(node.customer.fullName, errorAt(errors, [...path, "customer", "fullName"])))
    : h("td", null, "—");
  return h("tr", { "data-testid": "case-row", "data-case": node.id },
    customer,
    h("td", { class: "subject" }, caseLink(node, errorAt(errors, [...path, "subject"]))),
    h("td", null, caseStatus(node.status)),
    h("td", null, label(node.priority)),
    h("td", null, label(node.channel)),
    h("td", null, label(node.queue), h("div", { class: "muted small" }, node.assignee?.displayName ?? "unassigned")),
    h("td", null, formatTime(node.openedAt)),
    slaCell(node.firstResponseSla),
    slaCell(node.resolutionSla));
}

/** The case work list (`cases`): oldest first, every open case in scope unless filtered; 20 at a time. */
export async function renderCaseList(main: HTMLElement, query: URLSearchParams): Promise<void> {
  const filter = filterOf(query);
  const open = filter.status ? label(filter.status) : "open";
  mount(main, h("section", { class: "card" },
    h("h1", null, "Cases"),
    filterForm(filter),
    workList<CaseRow>({
      id: "cases",
      query: WORK_LIST,
      variables: { ...filter },
      field: "cases",
      pageSize: PAGE_SIZE,
      headings: ["Customer", "Subject", "Status", "Priority", "Channel", "Queue / assignee", "Opened", "First response", "Resolution"],
      row: caseRow,
      count: (total, shown) => (total === 0 ? `No ${open} cases.` : `${total} ${open} case${total === 1 ? "" : "s"}${total > shown ? `, ${shown} shown` : ""}`),
    })));
}
