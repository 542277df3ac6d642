import { Role } from "../../auth/role";
import { releaseTable } from "./export-policy";

const reveal = { nationalId: (ciphertext: string) => `plain(${ciphertext})`, assessment: <T>(row: T) => row };
const claim = { id: "c1", customerId: "k1", claimedAmount: 5000, description: "Two nights in hospital.", fraudScore: 0.2, idempotencyKey: "digest" };
const columns = Object.keys(claim);

describe("export policy: one table's rows as a role may receive them", () => {
  it("releases consent-bound values only with the customer's current consent, and says why not otherwise", () => {
    const withConsent = releaseTable(Role.UNDERWRITER, "claim", columns, [claim], true, reveal);
    expect(withConsent.rows[0]).toMatchObject({ description: "Two nights in hospital.", fraudScore: 0.2 });
    expect(withConsent.audited).toEqual(expect.arrayContaining([{ path: "Claim.description", outcome: "ALLOWED" }]));

    const withdrawn = releaseTable(Role.UNDERWRITER, "claim", columns, [claim], false, reveal);
    expect(withdrawn.rows[0]).not.toHaveProperty("description");
    expect(withdrawn.withheld).toEqual(expect.arrayContaining([{ table: "claim", field: "description", reason: "CONSENT_REQUIRED" }]));
    expect(withdrawn.audited.map((a) => a.path)).not.toContain("Claim.description");
  });

  it("withholds denied and unclassified columns and masks by the field's rule", () => {
    const customer = { id: "k1", fullName: "Zhao Lei", nationalIdEncrypted: "sealed", nationalIdHash: "h", annualIncome: 30_000_000, currency: "CNY" };
    const agent = releaseTable(Role.AGENT, "customer", Object.keys(customer), [customer], true, reveal);
    expect(agent.rows[0]).toEqual({ id: "k1", fullName: "Zhao Lei", nationalId: expect.stringContaining("*"), annualIncome: { amount: null, band: expect.any(String) }, currency: "CNY" });
    expect(agent.withheld).toEqual([{ table: "customer", field: "nationalIdHash", reason: "UNCLASSIFIED" }]);
    expect(agent.audited).toEqual(
      expect.arrayContaining([{ path: "Customer.nationalId", outcome: "MASKED" }, { path: "Customer.annualIncome", outcome: "MASKED" }, { path: "Customer.fullName", outcome: "ALLOWED" }]),
    );
    const marketing = releaseTable(Role.MARKETING, "claim", columns, [claim], true, reveal);
    expect(marketing.withheld.map((w) => `${w.field}:${w.reason}`).sort()).toEqual(["description:FIELD_POLICY", "fraudScore:FIELD_POLICY", "idempotencyKey:UNCLASSIFIED"]);
    expect(releaseTable(Role.CUSTOMER, "no_such_table", ["x"], [{ x: 1 }], true, reveal).withheld).toEqual([{ table: "no_such_table", field: "x", reason: "UNCLASSIFIED" }]);
  });
});
