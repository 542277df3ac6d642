import { createClient, type Client } from "graphql-ws";
import { errorAt, firstMessage, gql, session, type GraphQLErrorItem } from "./api";
import { formatTime, h, label, mount } from "./dom";
import { personal } from "./fields";

interface AlertNode {
  id: string;
  kind: string;
  createdAt: string;
  readAt: string | null;
  customer: { id: string; customerNumber: string; fullName: string | null } | null;
  complaint: { id: string } | null;
}

/** The same selection for the list and for every live push: each push is read through the API like the list. */
const ALERT_FIELDS = "id kind createdAt readAt customer { id customerNumber fullName } complaint { id }";
const MY_ALERTS = `query ConsoleAlerts { alerts(first: 50) { totalCount edges { node { ${ALERT_FIELDS} } } } }`;
const LIVE_ALERTS = `subscription ConsoleLiveAlerts { myAlerts { ${ALERT_FIELDS} } }`;
const ACKNOWLEDGE = `mutation ConsoleAcknowledgeAlert($id: ID!) { acknowledgeAlert(id: $id) { id readAt } }`;

/** Roles alerts are addressed to (the API refuses the others anyway): the header shows them the page. */
export const ALERT_RECIPIENTS = new Set(["AGENT", "UNDERWRITER", "CLAIMS_ADJUSTER", "MARKETING", "COMPLIANCE", "ADMIN"]);

let live: Client | null = null;

/** Ends the live subscription of the alerts page (on leaving it). */
export function stopLiveAlerts(): void {
  void live?.dispose();
  live = null;
}

/** The viewer's alerts, newest first, with new ones added as the server raises them (graphql-ws on the same origin). */
export async function renderAlerts(main: HTMLElement): Promise<void> {
  stopLiveAlerts();
  const rows = h("tbody");
  const count = h("p", { class: "muted", "data-testid": "alert-count" }, "Loading…");
  const status = h("p", { class: "muted small", "data-testid": "live-status" }, "Connecting for live alerts…");
  const failure = h("p", { class: "error", "data-testid": "alert-error", hidden: true });
  const table = h("table", { class: "list", "data-testid": "alerts-table" },
    h("thead", null, h("tr", null, ["Alert", "Customer", "Raised", "Read", ""].map((title) => h("th", null, title)))), rows);
  mount(main, h("section", { class: "card" }, h("h1", null, "Alerts"), count, status, failure, table));

  let total = 0;
  const showCount = () => (count.textContent = total === 0 ? "No alerts." : `${total} alert${total === 1 ? "" : "s"}`);
  const result = await gql<{ alerts: { totalCount: number; edges: { node: AlertNode }[] } }>(MY_ALERTS);
  if (!result.data) {
    failure.textContent = firstMessage(result);
    failure.hidden = false;
    count.textContent = "";
    return;
  }
  total = result.data.alerts.totalCount;
  result.data.alerts.edges.forEach(({ node }, i) => rows.append(alertRow(node, result.errors, ["alerts", "edges", i, "node"])));
  showCount();

  const protocol = location.protocol === "https:" ? "wss:" : "ws:";
  live = createClient({
    url: `${protocol}//${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${session.token ?? ""}` },
    retryAttempts: 3,
    on: {
      connected: () => (status.textContent = "Live: new alerts appear here as they are raised."),
      closed: () => (status.textContent = "Live alerts stopped (signed out, token expired or server gone); reload to try again."),
    },
  });
  live.subscribe<{ myAlerts: AlertNode }>({ query: LIVE_ALERTS }, {
    next: (push) => {
      if (!push.data?.myAlerts) return;
      const row = alertRow(push.data.myAlerts, (push.errors ?? []) as GraphQLErrorItem[], ["myAlerts"]);
      row.classList.add("new");
      rows.prepend(row);
      total += 1;
      showCount();
    },
    error: () => (status.textContent = "Live alerts are not available."),
    complete: () => undefined,
  });
}

function alertRow(alert: AlertNode, errors: GraphQLErrorItem[], path: (string | number)[]): HTMLElement {
  const read = h("td", { "data-testid": "alert-read" }, alert.readAt ? formatTime(alert.readAt) : "unread");
  const acknowledge = h("button", { type: "button", "data-testid": "acknowledge", hidden: !!alert.readAt }, "Mark read");
  acknowledge.onclick = async () => {
    acknowledge.disabled = true;
    const done = await gql<{ acknowledgeAlert: { readAt: string } }>(ACKNOWLEDGE, { id: alert.id });
    acknowledge.disabled = false;
    if (!done.data) return void (read.textContent = firstMessage(done));
    read.textContent = formatTime(done.data.acknowledgeAlert.readAt);
    acknowledge.hidden = true;
  };
  const customer = alert.customer
    ? h("td", null, h("a", { href: `#/customer/${alert.customer.id}` }, alert.customer.customerNumber), " ", personal(alert.customer.fullName, errorAt(errors, [...path, "customer", "fullName"])))
    : h("td", null, "— (not in your scope)");
  return h("tr", { "data-testid": "alert-row", "data-alert": alert.id, "data-kind": alert.kind, "data-complaint": alert.complaint?.id, class: alert.readAt ? "" : "unread" },
    h("td", null, label(alert.kind)), customer, h("td", null, formatTime(alert.createdAt)), read, h("td", null, acknowledge));
}
