import { Role } from "../../auth/role";
import { accessFor, FIELD_CLASSES } from "../../auth/field-policy";
import { derivedGrant } from "../../auth/use-policy";
import { SUMMARY_INPUTS } from "./customer-summary.service";

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
