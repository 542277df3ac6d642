import { session } from "./api";
import { h, label, mount } from "./dom";

interface DevUser {
  username: string;
  displayName: string;
  role: string;
}

/** Paste a token; outside production the server also lists seeded users to sign in as. */
export function renderSignIn(main: HTMLElement, problem: string | undefined, done: () => void): void {
  const tokenInput = h("textarea", { id: "token", rows: 4, placeholder: "eyJhbGciOiJIUzI1NiIs…", required: true });
  const devArea = h("div", { class: "dev-users" });
  mount(
    main,
    h("section", { class: "card sign-in" },
      h("h1", null, "Sign in"),
      problem ? h("p", { class: "error" }, problem) : null,
      h("form", {
        onsubmit: (event: Event) => {
          event.preventDefault();
          session.signIn(tokenInput.value);
          done();
        },
      },
        h("label", { for: "token" }, "Access token (JWT)"),
        tokenInput,
        h("button", { type: "submit" }, "Sign in")),
      devArea),
  );
  void offerDevUsers(devArea, done);
}

async function offerDevUsers(area: HTMLElement, done: () => void): Promise<void> {
  const response = await fetch("/console/dev-users").catch(() => null);
  if (!response?.ok) return;
  const users = (await response.json()) as DevUser[];
  const select = h("select", { id: "dev-user" },
    users.map((user) => h("option", { value: user.username }, `${user.username} — ${user.displayName} (${label(user.role)})`)));
  const signInAs = async () => {
    const tokenResponse = await fetch("/console/dev-token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: select.value }),
    });
    if (!tokenResponse.ok) return;
    session.signIn(((await tokenResponse.json()) as { token: string }).token);
    done();
  };
  mount(area,
    h("h2", null, "Development: sign in as a seeded user"),
    select, " ",
    h("button", { type: "button", id: "dev-sign-in", onclick: () => void signInAs() }, "Sign in as this user"));
}
