import { gql, session } from "./api";
import { h, label, mount } from "./dom";
import { renderSearch } from "./search";
import { renderSignIn } from "./sign-in";
import { stopLiveAlerts } from "./alerts";
import { PAGES } from "./pages";

interface Me {
  me: { role: string; staff: { id: string; displayName: string } | null; customer: { customerNumber: string } | null };
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

/** Counts the routes taken: a route overtaken by a newer one while it waited for `me` stops there. */
let routes = 0;

/**
 * Hash routes: #/ (search), #/search?q=…, and the pages of pages.ts. Without a valid token: the sign-in
 * page. Each route renders into a view of its own, so a page still loading when the address changes
 * (the search list after sign-in, say) finishes into a detached view instead of over the newer page.
 */
async function route(): Promise<void> {
  const taken = ++routes;
  if (!session.token) return showSignIn();
  const me = await gql<Me>(`{ me { role staff { id displayName } customer { customerNumber } } }`);
  if (taken !== routes) return;
  if (!me.data) {
    session.signOut();
    return showSignIn(me.errors[0]?.message);
  }
  const { role, staff, customer } = me.data.me;
  const who = staff?.displayName ?? customer?.customerNumber ?? "customer";
  mount(viewer, h("span", { "data-testid": "viewer" }, `${who} · ${label(role)}`), " ",
    PAGES.map(({ nav }) => nav?.roles.has(role) && [h("a", { href: nav.href, "data-testid": nav.testId }, nav.title), " "]),
    h("a", { href: "/graphql" }, "API explorer"), " ",
    h("button", { type: "button", class: "link", onclick: signOut }, "Sign out"));
  searchForm.hidden = false;

  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  if (path !== "/alerts") stopLiveAlerts();
  const view = h("div");
  mount(main, view);
  for (const page of PAGES) {
    const match = page.path.exec(path);
    if (match) return page.render(view, { ids: match.slice(1), query: new URLSearchParams(query), viewer: { role, staffId: staff?.id ?? null } });
  }
  const q = new URLSearchParams(query).get("q") ?? "";
  searchInput.value = q;
  return renderSearch(view, q);
}

function showSignIn(problem?: string): void {
  searchForm.hidden = true;
  viewer.replaceChildren();
  renderSignIn(main, problem, () => void route());
}

window.addEventListener("hashchange", () => void route());
void route();
