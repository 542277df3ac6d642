import { gql, session } from "./api";
import { h, label, mount } from "./dom";
import { renderSearch } from "./search";
import { renderCustomer } from "./customer-page";
import { renderSignIn } from "./sign-in";
import { renderDuplicateReview } from "./duplicate-review";
import { ALERT_RECIPIENTS, renderAlerts, stopLiveAlerts } from "./alerts";

/** Roles the API lets review duplicate pairs; others get no header link (the API refuses them anyway). */
const REVIEWERS = new Set(["COMPLIANCE", "ADMIN"]);

interface Me {
  me: { role: string; staff: { displayName: string } | null; customer: { customerNumber: string } | null };
}

const main = document.getElementById("main")!;
const searchForm = document.getElementById("search-form") as HTMLFormElement;
const searchInput = document.getElementById("search-input") as HTMLInputElement;
const viewer = document.getElementById("viewer")!;

searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  location.hash = `#/search?q=${encodeURIComponent(searchInput.value.trim())}`;
});

function signOut(): void {
  stopLiveAlerts();
  session.signOut();
  location.hash = "#/";
  void route();
}

/** Hash routes: #/ (search), #/search?q=…, #/customer/<id>, #/duplicates, #/alerts. Without a valid token: the sign-in page. */
async function route(): Promise<void> {
  if (!session.token) return showSignIn();
  const me = await gql<Me>(`{ me { role staff { displayName } customer { customerNumber } } }`);
  if (!me.data) {
    session.signOut();
    return showSignIn(me.errors[0]?.message);
  }
  const who = me.data.me.staff?.displayName ?? me.data.me.customer?.customerNumber ?? "customer";
  mount(viewer, h("span", { "data-testid": "viewer" }, `${who} · ${label(me.data.me.role)}`), " ",
    ALERT_RECIPIENTS.has(me.data.me.role) && [h("a", { href: "#/alerts", "data-testid": "nav-alerts" }, "Alerts"), " "],
    REVIEWERS.has(me.data.me.role) && [h("a", { href: "#/duplicates", "data-testid": "nav-duplicates" }, "Duplicate review"), " "],
    h("a", { href: "/graphql" }, "API explorer"), " ",
    h("button", { type: "button", class: "link", onclick: signOut }, "Sign out"));
  searchForm.hidden = false;

  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  if (path !== "/alerts") stopLiveAlerts();
  if (path === "/alerts") return renderAlerts(main);
  const customerMatch = /^\/customer\/([0-9a-f-]{36})$/i.exec(path);
  if (customerMatch) return renderCustomer(main, customerMatch[1]);
  if (path === "/duplicates") return renderDuplicateReview(main);
  const q = new URLSearchParams(query).get("q") ?? "";
  searchInput.value = q;
  return renderSearch(main, q);
}

function showSignIn(problem?: string): void {
  searchForm.hidden = true;
  viewer.replaceChildren();
  renderSignIn(main, problem, () => void route());
}

window.addEventListener("hashchange", () => void route());
void route();
