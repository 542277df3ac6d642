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

/** Hash routes: #/ (search), #/search?q=…, and the pages of pages.ts. Without a valid token: the sign-in page. */
async function route(): Promise<void> {
  if (!session.token) return showSignIn();
  const me = await gql<Me>(`{ me { role staff { id displayName } customer { customerNumber } } }`);
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
  for (const page of PAGES) {
    const match = page.path.exec(path);
    if (match) return page.render(main, { ids: match.slice(1), query: new URLSearchParams(query), viewer: { role, staffId: staff?.id ?? null } });
  }
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
