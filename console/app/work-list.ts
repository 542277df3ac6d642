import { gql, problem, type GraphQLErrorItem } from "./api";
import { h } from "./dom";

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
