import { errorAt, firstMessage, gql } from "./api";
import { h, label, mount } from "./dom";
import { personal } from "./fields";

interface CustomerRow {
  id: string;
  customerNumber: string;
  kind: string;
  fullName: string | null;
  phone: string | null;
  city: string | null;
  serviceTier: string;
}

const SEARCH = `query ConsoleSearch($filter: CustomerFilter, $first: Int) {
  customers(filter: $filter, first: $first) {
    totalCount
    edges { node { id customerNumber kind fullName phone city serviceTier } }
  }
}`;

/** Customers in the viewer's scope matching the text (name, number, e-mail, phone); all of them when empty. */
export async function renderSearch(main: HTMLElement, text: string): Promise<void> {
  mount(main, h("p", { class: "muted" }, "Searching…"));
  const filter = text.length >= 2 ? { search: text } : {};
  const result = await gql<{ customers: { totalCount: number; edges: { node: CustomerRow }[] } }>(SEARCH, { filter, first: 25 });
  if (!result.data) {
    mount(main, h("p", { class: "error" }, firstMessage(result)));
    return;
  }
  const { totalCount, edges } = result.data.customers;
  const cell = (i: number, field: keyof CustomerRow) => personal(edges[i].node[field], errorAt(result.errors, ["customers", "edges", i, "node", field]));
  mount(main,
    h("section", { class: "card" },
      h("h1", null, text ? `Customers matching “${text}”` : "Customers in your scope"),
      h("p", { class: "muted", "data-testid": "result-count" }, `${totalCount} found${totalCount > edges.length ? `, first ${edges.length} shown` : ""}`),
      h("table", { class: "list", "data-testid": "search-results" },
        h("thead", null, h("tr", null, ["Number", "Name", "Kind", "Phone", "City", "Tier"].map((title) => h("th", null, title)))),
        h("tbody", null, edges.map(({ node }, i) =>
          h("tr", null,
            h("td", null, h("a", { href: `#/customer/${node.id}` }, node.customerNumber)),
            h("td", { class: "name" }, cell(i, "fullName")),
            h("td", null, label(node.kind)),
            h("td", null, cell(i, "phone")),
            h("td", null, node.city ?? "—"),
            h("td", null, label(node.serviceTier))))))));
}
