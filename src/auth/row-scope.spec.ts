import { Role } from "./role";
import { customerScope, marketingConsentedSql, notErasedSql, profilingAllowedSql, withinScope } from "./row-scope";
import type { Viewer } from "./viewer";

const staff = (role: Role) => ({ kind: "staff", id: "00000000-0000-4000-8000-000000000001", role }) as unknown as Viewer;

describe("withinScope", () => {
  const wanted = [notErasedSql("c"), marketingConsentedSql("c"), profilingAllowedSql("c")];

  it("leaves out the conditions MARKETING's row scope already holds", () => {
    const scope = customerScope(staff(Role.MARKETING), "c");
    expect(scope.sql).toBe(`${notErasedSql("c")} AND ${marketingConsentedSql("c")}`);
    expect(withinScope(scope, wanted)).toBe(`(${scope.sql}) AND (${profilingAllowedSql("c")})`);
  });

  it("keeps every condition for a scope that holds none of them", () => {
    const scope = customerScope(staff(Role.ADMIN), "c");
    expect(withinScope(scope, wanted)).toBe(`(TRUE) AND (${wanted.join(") AND (")})`);
  });

  it("repeats a condition that only appears inside a scope's clause, not as one of its conjuncts", () => {
    const scope = { sql: `NOT (${notErasedSql("c")})`, params: {} };
    expect(withinScope(scope, [notErasedSql("c")])).toBe(`(NOT (${notErasedSql("c")})) AND (${notErasedSql("c")})`);
  });
});
