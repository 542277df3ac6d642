import * as tokenModule from "../src/auth/token";
import { VerifiedTokens } from "../src/auth/verified-tokens";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

const ME = "{ me { role } }";

/** A token is verified once and kept until its expiry; everything that depends on current state is checked every time. */
describe("verified tokens", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 2 });
  });
  afterAll(() => app?.close());
  afterEach(() => jest.restoreAllMocks());

  const verificationsOf = (spy: jest.SpyInstance, token: string) => spy.mock.calls.filter(([text]) => text === token).length;

  async function expectRefused(token: string, message: string) {
    const res = await app.gql(ME, { token });
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(res.body.errors?.[0].message).toBe(message);
  }

  it("verifies a token once and serves its later requests from the kept verdict", async () => {
    const verify = jest.spyOn(tokenModule, "verifyToken");
    const token = await app.token(Role.AGENT, { user: "agent2" });
    for (let i = 0; i < 3; i++) expect((await app.gql(ME, { token })).body.data).toEqual({ me: { role: "AGENT" } });
    expect(verificationsOf(verify, token)).toBe(1);
  });

  it("never keeps a refused token", async () => {
    const verify = jest.spyOn(tokenModule, "verifyToken");
    const token = `${await app.token(Role.AGENT, { user: "agent2" })}x`;
    await expectRefused(token, "Invalid token");
    await expectRefused(token, "Invalid token");
    expect(verificationsOf(verify, token)).toBe(2);
  });

  it("refuses a kept token once it has expired", async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await app.token(Role.AGENT, { user: "agent2", expiresIn: exp });
    expect((await app.gql(ME, { token })).body.data).toEqual({ me: { role: "AGENT" } });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expectRefused(token, "Token expired");
  });

  it("refuses a kept token of a staff user deactivated since", async () => {
    const verify = jest.spyOn(tokenModule, "verifyToken");
    const token = await app.token(Role.AGENT, { user: "agent2" });
    expect((await app.gql(ME, { token })).body.data).toEqual({ me: { role: "AGENT" } });
    await app.db.query(`UPDATE staff_user SET active = false WHERE id = $1`, [staffIdFor("agent2")]);
    try {
      await expectRefused(token, "Unknown or inactive staff user");
    } finally {
      await app.db.query(`UPDATE staff_user SET active = true WHERE id = $1`, [staffIdFor("agent2")]);
    }
    expect(verificationsOf(verify, token)).toBe(1);
  });

  it("keeps at most its bound, dropping the least recently used", async () => {
    const verify = jest.spyOn(tokenModule, "verifyToken");
    const kept = new VerifiedTokens(app.config, 2);
    const [a, b, c] = await Promise.all(["agent1", "agent2", "admin"].map((user) => app.token(Role.AGENT, { user })));
    for (const token of [a, b, c]) await kept.verify(token);
    await kept.verify(c);
    await kept.verify(b);
    expect([a, b, c].map((token) => verificationsOf(verify, token))).toEqual([1, 1, 1]);
    await kept.verify(a); // dropped when c came in
    expect(verificationsOf(verify, a)).toBe(2);
  });
});
