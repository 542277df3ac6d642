import { errorAt, gql, problem, type GraphQLErrorItem, type GraphQLResult } from "./api";
import { h, label, mount } from "./dom";
import { personal } from "./fields";

interface PairCustomer {
  id: string;
  customerNumber: string;
  fullName: string | null;
}

interface Comparison {
  comparison: string;
  level: string;
  weight: number;
}

interface Pair {
  id: string;
  reason: string;
  score: number | null;
  detectedAt: string;
  matchWeight: number | null;
  matchExplanation: Comparison[] | null;
  customer: PairCustomer | null;
  candidate: PairCustomer | null;
}

interface QueuePage {
  duplicateCandidates: { totalCount: number; edges: { cursor: string; node: Pair }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE_SIZE = 20;

const OPEN_PAIRS = `query ConsoleDuplicateQueue($first: Int, $after: String, $minScore: Float) {
  duplicateCandidates(first: $first, after: $after, minScore: $minScore, status: OPEN) {
    totalCount
    edges { cursor node { id reason score matchWeight detectedAt matchExplanation { comparison level weight }
      customer { id customerNumber fullName } candidate { id customerNumber fullName } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const LINK = `mutation ConsoleLinkCustomers($customerId: ID!, $otherCustomerId: ID!, $reason: String!) {
  linkCustomers(customerId: $customerId, otherCustomerId: $otherCustomerId, reason: $reason) { id }
}`;

const REJECT = `mutation ConsoleRejectCandidate($id: ID!, $reason: String!) { rejectCandidate(id: $id, reason: $reason) { id status } }`;

/** A probability as a percentage; just under 1 reads "> 99.9 %" rather than a rounded 100 %. */
function percent(score: number | null): string {
  if (score === null) return "—";
  return score < 1 && score > 0.9995 ? "> 99.9 %" : `${(score * 100).toFixed(1)} %`;
}
const signed = (weight: number) => `${weight >= 0 ? "+" : "−"}${Math.abs(weight).toFixed(1)}`;

/** The review queue: OPEN pairs newest first; each is linked or dismissed with a reason (COMPLIANCE, ADMIN). */
export async function renderDuplicateReview(main: HTMLElement, minPercent = 0): Promise<void> {
  const count = h("p", { class: "muted", "data-testid": "duplicate-count" }, "Loading…");
  const notice = h("p", { class: "notice", "data-testid": "notice", hidden: true });
  const failure = h("p", { class: "error", "data-testid": "duplicate-error", hidden: true });
  const rows = h("tbody");
  const table = h("table", { class: "list", "data-testid": "duplicate-queue", hidden: true },
    h("thead", null, h("tr", null, ["Customer", "Possible duplicate", "Reason", "Score", "Why", "Decision"].map((title) => h("th", null, title)))),
    rows);
  const more = h("button", { type: "button", "data-testid": "more", hidden: true }, "More");
  const minScore = h("input", { type: "number", min: 0, max: 100, step: 1, value: minPercent, "data-testid": "min-score", "aria-label": "Minimum score (%)" });
  const filter = h("form", { class: "filter", onsubmit: (event: Event) => {
    event.preventDefault();
    void renderDuplicateReview(main, Math.min(100, Math.max(0, Number(minScore.value) || 0)));
  } }, "Minimum score ", minScore, " % ", h("button", { type: "submit" }, "Filter"));
  mount(main, h("section", { class: "card" }, h("h1", null, "Duplicate review"), filter, count, failure, notice, table, more));

  let shown = 0;
  let total = 0;
  const updateCount = () => {
    count.textContent = total === 0 ? "No pairs are waiting for review." : `${total} waiting${total > shown ? `, ${shown} shown` : ""}`;
    table.hidden = total === 0;
  };
  const confirm = (text: string) => {
    notice.textContent = text;
    notice.hidden = false;
  };
  const removeRow = (row: HTMLElement, text: string) => {
    row.remove();
    shown -= 1;
    total -= 1;
    updateCount();
    confirm(text);
  };

  const load = async (after: string | null) => {
    more.disabled = true;
    const variables = { first: PAGE_SIZE, after, minScore: minPercent > 0 ? minPercent / 100 : null };
    const result = await gql<QueuePage>(OPEN_PAIRS, variables);
    more.disabled = false;
    failure.hidden = !!result.data;
    if (!result.data) {
      failure.textContent = problem(result);
      if (!shown) count.textContent = "";
      return;
    }
    const { edges, totalCount, pageInfo } = result.data.duplicateCandidates;
    for (const [i, { node }] of edges.entries()) rows.append(pairRow(node, result.errors, i, removeRow));
    shown += edges.length;
    total = totalCount;
    updateCount();
    more.hidden = !pageInfo.hasNextPage;
    more.onclick = () => void load(pageInfo.endCursor);
  };
  await load(null);
}

/** One customer of a pair: number as a link, name as the API answers it (masked, restricted or —). */
function customerCell(customer: PairCustomer | null, errors: GraphQLErrorItem[], path: (string | number)[], testid: string): HTMLElement {
  if (!customer) return h("td", { "data-testid": testid }, "—");
  return h("td", { "data-testid": testid },
    h("a", { href: `#/customer/${customer.id}` }, customer.customerNumber), h("br"),
    personal(customer.fullName, errorAt(errors, [...path, "fullName"])));
}

/** A row of one page; `index` is its place in the page's response, where its field errors are reported. */
function pairRow(pair: Pair, errors: GraphQLErrorItem[], index: number, removeRow: (row: HTMLElement, text: string) => void): HTMLElement {
  const path = ["duplicateCandidates", "edges", index, "node"];
  const reason = h("input", { type: "text", maxlength: 200, placeholder: "Reason (kept in the audit)", "data-testid": "decision-reason", "aria-label": "Reason" });
  const status = h("p", { class: "error small", "data-testid": "row-error", hidden: true });
  const explanation = h("details", { "data-testid": "explanation" },
    h("summary", null, "Explanation"),
    h("ul", { class: "plain small" }, (pair.matchExplanation ?? []).map((c) =>
      h("li", { "data-comparison": c.comparison }, `${c.comparison}: ${label(c.level)} `, h("span", { class: "weight" }, signed(c.weight))))));
  const row = h("tr", { "data-testid": "duplicate-row", "data-pair": pair.id });

  const decide = async (button: HTMLButtonElement, run: () => Promise<GraphQLResult<unknown>>, done: string) => {
    if (!reason.value.trim()) {
      status.textContent = "Give a reason for the decision.";
      status.hidden = false;
      return;
    }
    for (const b of row.querySelectorAll("button")) b.disabled = true;
    const result = await run();
    for (const b of row.querySelectorAll("button")) b.disabled = false;
    if (result.errors.length || !result.data) {
      status.textContent = problem(result);
      status.hidden = false;
      button.focus();
      return;
    }
    removeRow(row, done);
  };
  const numbers = `${pair.customer?.customerNumber ?? "—"} and ${pair.candidate?.customerNumber ?? "—"}`;
  const link = h("button", { type: "button", "data-testid": "link" }, "Link");
  const reject = h("button", { type: "button", "data-testid": "reject" }, "Not the same person");
  link.onclick = () => void decide(link, () => gql(LINK, { customerId: pair.customer?.id, otherCustomerId: pair.candidate?.id, reason: reason.value.trim() }), `Linked ${numbers} as one person.`);
  reject.onclick = () => void decide(reject, () => gql(REJECT, { id: pair.id, reason: reason.value.trim() }), `Recorded ${numbers} as two people.`);

  row.append(
    customerCell(pair.customer, errors, [...path, "customer"], "pair-customer"),
    customerCell(pair.candidate, errors, [...path, "candidate"], "pair-candidate"),
    h("td", null, label(pair.reason)),
    h("td", null, h("span", { "data-testid": "score" }, percent(pair.score)),
      pair.matchWeight !== null && h("div", { class: "muted small" }, `weight ${pair.matchWeight.toFixed(1)}`)),
    h("td", null, explanation),
    h("td", { class: "decision" }, reason, " ", link, " ", reject, status));
  return row;
}
