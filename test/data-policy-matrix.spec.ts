import { getNamedType, isObjectType, type GraphQLSchema } from "graphql";
import { ACCESS, DataClass, FIELD_CLASSES, reducerFor } from "../src/auth/field-policy";
import { buildBareSchema } from "../src/graphql/schema";
import { Role } from "../src/auth/role";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { openToServiceRep } from "./support/caller";
import { startTestApp, type TestApp } from "./support/app";

/**
 * Every field of the customer's related records, for every role, with and without the customer's
 * SENSITIVE_DATA consent: exactly the fields the policy table refuses come back as null with
 * FORBIDDEN on their own path, and no other field errs.
 */
const TYPES = ["Policy", "Coverage", "Claim", "ClaimEvent", "Interaction", "Complaint", "RiskAssessment", "Consent", "CustomerSummary"];

describe("policy table × related records", () => {
  let app: TestApp;
  let schema: GraphQLSchema;
  let customerId: string;

  beforeAll(async () => {
    app = await startTestApp({ customers: 80 });
    schema = await buildBareSchema();
    const [row] = await app.db.query(
      `SELECT c.id FROM customer c WHERE c.assigned_agent_id = $1 AND c.erased_at IS NULL
         AND EXISTS (SELECT 1 FROM claim x WHERE x.customer_id = c.id AND x.description IS NOT NULL AND x.fraud_score IS NOT NULL)
         AND EXISTS (SELECT 1 FROM complaint x WHERE x.customer_id = c.id)
         AND EXISTS (SELECT 1 FROM interaction x WHERE x.customer_id = c.id AND x.notes IS NOT NULL)
         AND EXISTS (SELECT 1 FROM risk_assessment x WHERE x.customer_id = c.id)
       ORDER BY c.customer_number LIMIT 1`,
      [staffIdFor("agent1")],
    );
    expect(row).toBeDefined();
    customerId = row.id;
  });
  afterAll(() => app?.close());

  /** Every field of a type, objects reduced to __typename. */
  function selection(typeName: string): string {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) throw new Error(typeName);
    return Object.values(type.getFields())
      .filter((field) => field.args.length === 0)
      .map((field) => (isObjectType(getNamedType(field.type)) ? `${field.name} { __typename }` : field.name))
      .join(" ");
  }

  function refused(role: Role, typeName: string, consented: boolean): string[] {
    return Object.entries(FIELD_CLASSES[typeName])
      .filter(([field]) => (schema.getType(typeName) as any).getFields()[field].args.length === 0)
      .filter(([field, dataClass]) => {
        const access = ACCESS[dataClass as DataClass][role];
        if (access === "full") return false;
        if (access === "consent") return !consented;
        if (access === "masked" || access === "band") return !reducerFor(typeName, field, access);
        return true;
      })
      .map(([field]) => field)
      .sort();
  }

  let cases = 0;
  for (const consented of [true, false]) {
    for (const role of Object.values(Role)) {
      it(`${role}, SENSITIVE_DATA consent ${consented ? "granted" : "withdrawn"}: refuses exactly the fields the table refuses`, async () => {
        const admin = await app.token(Role.ADMIN);
        await app.gql(`mutation ($i: SetConsentInput!) { setConsent(input: $i) { id } }`, {
          token: admin,
          variables: { i: { customerId, purpose: "SENSITIVE_DATA", granted: consented } },
        });
        if (role === Role.MARKETING) {
          await app.gql(`mutation ($i: SetConsentInput!) { setConsent(input: $i) { id } }`, {
            token: admin,
            variables: { i: { customerId, purpose: "MARKETING", granted: true } },
          });
        }
        if (role === Role.SERVICE_REP) await openToServiceRep(app.db, [customerId]);
        const token = role === Role.CUSTOMER ? await app.token(role, { sub: customerId }) : await app.token(role);
        const query = `query ($id: ID!) { customer(id: $id) {
          summary { ${selection("CustomerSummary")} }
          consents { ${selection("Consent")} }
          policies(first: 100) { edges { node { ${selection("Policy")} coverages { ${selection("Coverage")} } } } }
          claims(first: 100) { edges { node { ${selection("Claim")} events { ${selection("ClaimEvent")} } } } }
          interactions(first: 100) { edges { node { ${selection("Interaction")} } } }
          complaints(first: 100) { edges { node { ${selection("Complaint")} } } }
          riskProfile { ${selection("RiskAssessment")} }
        } }`;
        const res = await app.gql(query, { token, variables: { id: customerId } });
        if (role === Role.INTEGRATION) {
          // its row scope holds no customer: the row is not there for it, so no field is reached
          expect(res.body).toEqual({ data: { customer: null } });
          return;
        }
        expect(res.body.data?.customer).toBeTruthy();
        const got = new Set<string>();
        for (const error of res.body.errors ?? []) {
          expect(error.extensions?.code).toBe("FORBIDDEN");
          const path = error.path!.filter((p) => typeof p === "string" && p !== "edges" && p !== "node");
          got.add(path.slice(1).join("."));
        }
        const want = new Set<string>();
        const at: Record<string, string> = {
          CustomerSummary: "summary", Consent: "consents", Policy: "policies", Coverage: "policies.coverages",
          Claim: "claims", ClaimEvent: "claims.events", Interaction: "interactions", Complaint: "complaints", RiskAssessment: "riskProfile",
        };
        for (const typeName of TYPES) for (const field of refused(role, typeName, consented)) want.add(`${at[typeName]}.${field}`);
        expect([...got].sort()).toEqual([...want].sort());
        cases += TYPES.reduce((n, t) => n + Object.keys(FIELD_CLASSES[t]).length, 0);
      });
    }
  }

  afterAll(() => {
    if (cases > 0) expect(cases).toBeGreaterThan(1000);
  });
});
