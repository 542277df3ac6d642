import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

/** The staff record behind a token is read once per STAFF_CACHE_MS, and a deactivation holds after it. */
describe("staff directory cache", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2, env: { STAFF_CACHE_MS: "400" } });
  });
  afterAll(() => app?.close());

  it("saves the staff look-up on repeated requests and refuses a deactivated user once the entry expires", async () => {
    const token = await app.token(Role.AGENT, { user: "agent2" });
    const first = await app.gql("{ me { role } }", { token });
    const second = await app.gql("{ me { role } }", { token });
    expect(first.body.data).toEqual({ me: { role: "AGENT" } });
    expect(second.body.data).toEqual({ me: { role: "AGENT" } });
    expect(second.statements).toBe(first.statements - 1);

    await app.db.query(`UPDATE staff_user SET active = false WHERE id = $1`, [staffIdFor("agent2")]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 450));
      const refused = await app.gql("{ me { role } }", { token });
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    } finally {
      await app.db.query(`UPDATE staff_user SET active = true WHERE id = $1`, [staffIdFor("agent2")]);
    }
  });
});
