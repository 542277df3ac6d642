import { gql, problem, type GraphQLErrorItem } from "./api";
import { h, label, type Child } from "./dom";

export interface Connection<T> {
  totalCount: number;
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A staff work list (cases now, tasks next): one keyset-paged connection query shown as a table. */
export interface WorkListSpec<T> {
  /** Prefix of the test ids: `<id>-count`, `<id>-error`, `<id>-table`, `<id>-more`. */
  id: string;
  /** Takes `$first` and `$after` besides the filters in `variables`. */
  query: string;
  variables: Record<string, unknown>;
  /** The connection's field in the answer, e.g. "cases". */
  field: string;
  pageSize: number;
  headings: string[];
  /** One row; `path` is where the API reports its fields' errors (e.g. a refused subject). */
  row(node: T, errors: GraphQLErrorItem[], path: (string | number)[]): HTMLElement;
  /** The count line, e.g. "42 open cases, 20 shown". */
  count(total: number, shown: number): string;
}

/**
 * The list with its count, the API's refusal (message and code) in place of the table, and
 * **More**, which asks for the next page after the last cursor. Loading starts at once.
 */
export function workList<T>(spec: WorkListSpec<T>): HTMLElement {
  const count = h("p", { class: "muted", "data-testid": `${spec.id}-count` }, "Loading…");
  const failure = h("p", { class: "error", "data-testid": `${spec.id}-error`, hidden: true });
  const rows = h("tbody");
  const table = h("table", { class: "list", "data-testid": `${spec.id}-table`, hidden: true },
    h("thead", null, h("tr", null, spec.headings.map((title) => h("th", null, title)))), rows);
  const more = h("button", { type: "button", "data-testid": `${spec.id}-more`, hidden: true }, "More");

  const load = async (after: string | null) => {
    more.disabled = true;
    const result = await gql<Record<string, Connection<T>>>(spec.query, { ...spec.variables, first: spec.pageSize, after });
    more.disabled = false;
    const page = result.data?.[spec.field];
    if (!page) {
      failure.textContent = problem(result);
      failure.hidden = false;
      count.textContent = "";
      more.hidden = true;
      return;
    }
    const offset = rows.children.length;
    page.edges.forEach(({ node }, i) => rows.append(spec.row(node, result.errors, [spec.field, "edges", i, "node"])));
    count.textContent = spec.count(page.totalCount, offset + page.edges.length);
    table.hidden = page.totalCount === 0;
    more.hidden = !page.pageInfo.hasNextPage;
    more.onclick = () => void load(page.pageInfo.endCursor);
  };
  void load(null);
  return h("div", { class: "work-list" }, count, failure, table, more);
}

/** The usual count line of a work list: "No open cases.", "1 open case", "42 open cases, 20 shown". */
export function countLine(noun: string): (total: number, shown: number) => string {
  return (total, shown) => (total === 0 ? `No ${noun}s.` : `${total} ${noun}${total === 1 ? "" : "s"}${total > shown ? `, ${shown} shown` : ""}`);
}

/** A work list's filter from the address (#/cases?queue=GENERAL), when it is one of the allowed values. */
export function filterValue(query: URLSearchParams, name: string, allowed: readonly string[]): string | null {
  const value = query.get(name);
  return value && allowed.includes(value) ? value : null;
}

/** The address of a work list with its non-empty filters, e.g. `#/tasks?due=OVERDUE`. */
export function filterAddress(page: string, filters: Iterable<[string, unknown]>): string {
  const chosen = new URLSearchParams();
  for (const [name, value] of filters) if (value) chosen.set(name, String(value));
  return `${page}${chosen.size ? `?${chosen}` : ""}`;
}

/** A filter's select: `every` (no filter) first, then the values (an enum value is labelled, or [value, text]). */
export function filterSelect(name: string, title: string, every: string, options: (string | [string, string])[], value: string | null): HTMLElement {
  const pairs = options.map((option): [string, string] => (typeof option === "string" ? [option, label(option)] : option));
  return h("label", null, `${title} `, h("select", { name, "data-testid": `filter-${name}` },
    h("option", { value: "" }, every), pairs.map(([v, text]) => h("option", { value: v, selected: v === value }, text))));
}

/** The filter form: submitting puts its values (and the `kept` ones, e.g. a tab) in the address, which renders the list again. */
export function filterForm(testId: string, page: string, controls: Child[], kept: Record<string, string> = {}): HTMLFormElement {
  const form = h("form", { class: "filter", "data-testid": testId }, controls, h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = filterAddress(page, [...Object.entries(kept), ...new FormData(form).entries()]);
  });
  return form;
}
