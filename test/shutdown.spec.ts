import { Role } from "../src/auth/role";
import { startTestApp, type TestApp } from "./support/app";
import { holdDatabase } from "./support/hold-database";

/** What SIGTERM runs (src/index.ts → app.close → server.stop): stop accepting, finish in-flight requests. */
describe("graceful shutdown", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2 });
  });
  afterAll(() => app?.close());

  it("refuses new connections at once, lets the in-flight request finish, then stops", async () => {
    const token = await app.token(Role.ADMIN);
    const hold = await holdDatabase(app.db);
    const inFlight = fetch(app.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ me { role } }" }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const stopping = app.server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(app.server.url.replace("/graphql", "/healthz"))).rejects.toThrow();
    await hold.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { role: "ADMIN" } } });
    await stopping;
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
