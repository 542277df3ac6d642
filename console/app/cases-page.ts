import { errorAt, type GraphQLErrorItem } from "./api";
import { CASE_QUEUES, CASE_STATUSES, SLA_FIELDS, type SlaReading } from "./case-model";
import { caseLink, caseStatus, slaCell } from "./case-parts";
import { formatTime, h, label, mount } from "./dom";
import { personal } from "./fields";
import { countLine, filterForm, filterSelect, filterValue, workList } from "./work-list";

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
  return {
    queue: filterValue(query, "queue", CASE_QUEUES),
    assignee: filterValue(query, "assignee", ["ME", "NOBODY"]) as CaseFilter["assignee"],
    status: filterValue(query, "status", CASE_STATUSES),
    breached: query.get("breached") === "true" ? true : null,
  };
}

function caseFilter(filter: CaseFilter): HTMLElement {
  const breached = h("input", { type: "checkbox", name: "breached", value: "true", checked: filter.breached === true, "data-testid": "filter-breached" });
  return filterForm("case-filter", "#/cases", [
    filterSelect("queue", "Queue", "every queue", CASE_QUEUES, filter.queue), " ",
    filterSelect("assignee", "Whose", "anyone's", [["ME", "mine"], ["NOBODY", "unassigned"]], filter.assignee), " ",
    filterSelect("status", "Status", "open (any)", CASE_STATUSES, filter.status), " ",
    h("label", null, breached, " SLA breached"), " "]);
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
    caseFilter(filter),
    workList<CaseRow>({
      id: "cases",
      query: WORK_LIST,
      variables: { ...filter },
      field: "cases",
      pageSize: PAGE_SIZE,
      headings: ["Customer", "Subject", "Status", "Priority", "Channel", "Queue / assignee", "Opened", "First response", "Resolution"],
      row: caseRow,
      count: countLine(`${open} case`),
    })));
}
