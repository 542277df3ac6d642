import { gql, firstMessage } from "./api";
import { formatTime, h, label } from "./dom";
import { section } from "./customer-sections";

const PAGE_SIZE = 10;

/** One page of the timeline: each record's PUBLIC fields only (the label below needs no personal or internal value). */
const TIMELINE = `query Timeline($id: ID!, $first: Int, $after: String) { customer(id: $id) {
  timeline(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind occurredAt record { __typename
      ... on Interaction { id channel subject }
      ... on Complaint { id category complaintStatus: status }
      ... on ClaimEvent { id fromStatus toStatus }
      ... on Policy { id policyNumber policyStatus: status }
      ... on Consent { id purpose granted }
      ... on OfferResponse { id productCode response }
      ... on ServiceCase { id caseStatus: status priority channel }
      ... on ServiceTask { id taskKind: kind taskStatus: status dueAt }
      ... on PolicyChange { id changedFields }
    } } } } } }`;

/** A short label per kind, from fields every reader of the entry may read. */
function entryLabel(kind: string, record: any): string {
  switch (kind) {
    case "INTERACTION": return `${label(record.channel)} · ${record.subject}`;
    case "COMPLAINT": return `${label(record.category)} · ${label(record.complaintStatus)}`;
    case "CLAIM_EVENT": return `claim ${record.fromStatus ? `${label(record.fromStatus)} → ` : ""}${label(record.toStatus)}`;
    case "POLICY": return `${record.policyNumber} · cover starts · ${label(record.policyStatus)}`;
    case "CONSENT": return `${label(record.purpose)} ${record.granted ? "granted" : "withdrawn"}`;
    case "OFFER_RESPONSE": return `offer ${record.productCode} ${label(record.response)}`;
    case "CASE": return `${label(record.priority)} case by ${label(record.channel)} · ${label(record.caseStatus)}`;
    case "POLICY_CHANGE": return `policy changed by its core system: ${record.changedFields.join(", ")}`;
    case "TASK": return `${label(record.taskKind)} · due ${formatTime(record.dueAt)} · ${label(record.taskStatus)}`;
    default: return label(kind);
  }
}

/**
 * The customer's timeline, newest first, ten at a time: the first page loads after the section is
 * shown, "More" asks for the next page by the last cursor. A server without the timeline shows nothing.
 */
export function timelineSection(customerId: string): HTMLElement {
  const list = h("ol", { class: "timeline", "data-testid": "timeline-list" });
  const status = h("p", { class: "muted", "data-testid": "timeline-status" }, "Loading the timeline…");
  const more = h("button", { type: "button", "data-testid": "timeline-more", hidden: true }, "More");
  const shown = section("Timeline", "timeline", status, list, more);
  let after: string | null = null;

  async function load(): Promise<void> {
    more.setAttribute("disabled", "");
    const result = await gql<{ customer: any }>(TIMELINE, { id: customerId, first: PAGE_SIZE, after });
    more.removeAttribute("disabled");
    if (result.errors.some((error) => error.extensions?.code === "GRAPHQL_VALIDATION_FAILED")) {
      shown.remove();
      return;
    }
    const page = result.data?.customer?.timeline;
    if (!page) {
      status.textContent = result.errors.length ? firstMessage(result) : "The timeline is not available.";
      return;
    }
    for (const { node } of page.edges) {
      list.appendChild(h("li", { "data-kind": node.kind },
        h("span", { class: "badge" }, label(node.kind)), " ",
        h("time", { datetime: node.occurredAt }, formatTime(node.occurredAt)), " ",
        node.kind === "CASE" ? h("a", { href: `#/cases/${node.record.id}` }, entryLabel(node.kind, node.record)) : entryLabel(node.kind, node.record)));
    }
    after = page.pageInfo.endCursor;
    status.textContent = page.totalCount === 0 ? "Nothing on the timeline yet." : `${list.children.length} of ${page.totalCount} entries`;
    if (page.pageInfo.hasNextPage) more.removeAttribute("hidden");
    else more.setAttribute("hidden", "");
  }

  more.addEventListener("click", () => void load());
  void load();
  return shown;
}
