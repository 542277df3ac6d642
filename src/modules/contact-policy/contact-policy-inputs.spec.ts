import { DataClass, FIELD_CLASSES, roleVerdict } from "../../auth/field-policy";
import { Role } from "../../auth/role";
import { CONTACT_POLICY_OUTPUT_INPUTS, PRESENCE_ONLY } from "./contact-policy-inputs";
import { HeldBackReason } from "./contact-policy.enums";

const classOf = (field: string) => FIELD_CLASSES[field.split(".")[0]]?.[field.split(".")[1]];

describe("the contact policy's declared inputs", () => {
  it("declares every reason", () => {
    expect(Object.keys(CONTACT_POLICY_OUTPUT_INPUTS).sort()).toEqual(Object.values(HeldBackReason).sort());
  });

  it("uses PUBLIC fields, and contact values only as present or not — which every role that reads a customer sees", () => {
    for (const field of Object.values(CONTACT_POLICY_OUTPUT_INPUTS).flat()) {
      expect([field, classOf(field) === undefined]).toEqual([field, false]);
      if (!PRESENCE_ONLY.includes(field)) expect([field, classOf(field)]).toEqual([field, DataClass.PUBLIC]);
    }
    // INTEGRATION sees no customer row at all (row scope)
    for (const role of Object.values(Role).filter((r) => r !== Role.INTEGRATION)) {
      for (const field of PRESENCE_ONLY) {
        const [type, name] = field.split(".");
        expect([role, field, roleVerdict(role, type, name, classOf(field)!).kind]).toEqual([role, field, "read"]);
      }
    }
  });
});
