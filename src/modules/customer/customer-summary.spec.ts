import { Role } from "../../auth/role";
import { accessFor, FIELD_CLASSES } from "../../auth/field-policy";
import { derivedGrant } from "../../auth/use-policy";
import { SUMMARY_INPUTS } from "./customer-summary.service";
import { SUMMARY_SOURCES, summarySql } from "./customer-summary.query";
import { summarySourcesOf } from "./customer.derived";

describe("customer summary figures declare their inputs", () => {
  it("declares every figure of the type, with inputs the policy table knows", () => {
    expect(Object.keys(SUMMARY_INPUTS).sort()).toEqual(Object.keys(FIELD_CLASSES.CustomerSummary).sort());
    for (const { inputs } of Object.values(SUMMARY_INPUTS)) {
      expect(inputs.length).toBeGreaterThan(0);
      for (const input of inputs) {
        const [typeName, field] = input.split(".");
        expect([input, FIELD_CLASSES[typeName]?.[field]]).not.toEqual([input, undefined]);
      }
    }
  });

  it("releases no figure to a role that may not receive a value derived from its inputs", () => {
    for (const [figure, derived] of Object.entries(SUMMARY_INPUTS)) {
      for (const role of Object.values(Role)) {
        const read = accessFor(role, FIELD_CLASSES.CustomerSummary[figure]);
        if (read === "deny") continue;
        expect([figure, role, derivedGrant(role, derived)]).toEqual([figure, role, read === "consent" ? "consent" : "any"]);
      }
    }
  });
});

describe("a compiled read computes only the summary figures it is asked for", () => {
  const param = (name: string) => `:${name}`;

  it("reads each figure's sources as its inputs name them", () => {
    expect([...summarySourcesOf(new Set(["activePolicies", "totalAnnualPremium"]))]).toEqual(["Policy"]);
    expect([...summarySourcesOf(new Set(["openClaims"]))]).toEqual(["Claim"]);
    expect([...summarySourcesOf(new Set(["lifetimeValue"]))].sort()).toEqual(["Claim", "Policy"]);
    expect([...summarySourcesOf(new Set(["lastInteractionAt", "openComplaints"]))].sort()).toEqual(["Complaint", "Interaction"]);
    // a figure the map does not know: every source, never a figure left out
    expect([...summarySourcesOf(new Set(["activePolicies", "somethingNew"]))].sort()).toEqual([...SUMMARY_SOURCES].sort());
  });

  it("names every input's entity as a source the query can read", () => {
    for (const { inputs } of Object.values(SUMMARY_INPUTS)) for (const input of inputs) expect(SUMMARY_SOURCES).toContain(input.split(".")[0]);
  });

  it("leaves out the subqueries of sources not asked for, their columns null", () => {
    const { select, from } = summarySql("c", param, new Set(["Policy"]));
    expect(from).toContain("FROM policy");
    expect(from).not.toMatch(/FROM (claim|complaint|interaction)\b/);
    expect(select).toContain("NULL::timestamptz AS last_interaction_at");
    expect(select).toMatch(/, active_policies, total_annual_premium, total_sum_insured, premiums_to_date, NULL::int AS open_claims/);
    const all = summarySql("c", param);
    for (const table of ["policy", "claim", "complaint", "interaction"]) expect(all.from).toMatch(new RegExp(`FROM ${table}\\s+WHERE customer_id = c\\.id`));
    expect(all.select).not.toContain("NULL::");
  });
});
