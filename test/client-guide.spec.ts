import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import { buildSchema, isScalarType, specifiedScalarTypes } from "graphql";
import { Role } from "../src/auth/role";
import clientCodegen from "../docs/examples/clients/codegen";
import { customer360Cache, ID_LESS_TYPES } from "../docs/examples/clients/apollo-cache";
import { gql as apolloGql, InMemoryCache } from "@apollo/client";
import { isObjectType, print } from "graphql";
import { staffIdFor } from "../src/modules/staff/staff-id";
import { startTestApp, type TestApp } from "./support/app";

/**
 * docs/clients.md, run: its TypeScript snippets are the files test/trusted-documents.spec.ts uses
 * (included verbatim), its scalar map covers the schema's custom scalars, what it says about
 * partial results holds, and its command-line block answers the 360.
 */
const ROOT = path.join(__dirname, "..");
const guide = fs.readFileSync(path.join(ROOT, "docs/clients.md"), "utf8");
const blocks = (language: string) => [...guide.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]);

describe("the client guide (docs/clients.md)", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ customers: 8 });
  });
  afterAll(() => app?.close());

  it("includes the example files verbatim", () => {
    const included = blocks("ts");
    for (const file of ["codegen.ts", "urql-client.ts", "apollo-cache.ts"]) expect(included).toContain(fs.readFileSync(path.join(ROOT, "docs/examples/clients", file), "utf8"));
  });

  it("maps every custom scalar of the schema, and only those", () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8"));
    const builtIn = new Set(specifiedScalarTypes.map((scalar) => scalar.name));
    const custom = Object.values(schema.getTypeMap()).filter((type) => isScalarType(type) && !builtIn.has(type.name)).map((type) => type.name).sort();
    expect(Object.keys(clientCodegen.generates["src/gql/"].config.scalars).sort()).toEqual(custom);
  });

  it("answers a field the role may not see with null and FORBIDDEN on its path, the rest as usual", async () => {
    const [document] = blocks("graphql");
    const answer = await app.gql(document, { token: await app.token(Role.MARKETING) });
    expect(answer.status).toBe(200);
    const node = answer.body.data?.customers.edges[0].node;
    expect(node.id).toEqual(expect.any(String));
    expect(node.dateOfBirth).toBeNull();
    expect(answer.body.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(answer.body.errors?.[0].path).toEqual(["customers", "edges", 0, "node", "dateOfBirth"]);
  });

  it("lists for Apollo Client's cache exactly the object types that have no id", () => {
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8"));
    const roots = ["Query", "Mutation", "Subscription", "Product"]; // Product: keyed by its code
    const idLess = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith("__") && !roots.includes(type.name) && !type.getFields().id)
      .map((type) => type.name)
      .sort();
    expect([...ID_LESS_TYPES].sort()).toEqual(idLess);
  });

  it("keeps the README's 360 and a later, smaller read of the same customer in Apollo's cache without losing data", async () => {
    const token = await app.token(Role.AGENT);
    const [{ id }] = await app.db.query(`SELECT id FROM customer WHERE assigned_agent_id = $1 ORDER BY customer_number LIMIT 1`, [staffIdFor("agent1")]);
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const full = /```graphql\n(query Customer360[\s\S]*?)```/.exec(readme)![1];
    const smaller = `query Again($id: ID!) { customer(id: $id) { id summary { activePolicies openClaims } riskProfile { id score tier } policies(first: 2) { count { value } edges { node { id policyNumber } } } } }`;
    const answers: { query: ReturnType<typeof apolloGql>; data: Record<string, any> }[] = [];
    for (const text of [full, smaller]) {
      // as Apollo Client sends it: with __typename added to every selection
      const query = new InMemoryCache().transformDocument(apolloGql(text));
      const answer = await app.gql(print(query), { token, variables: { id } });
      expect(answer.body.errors ?? []).toEqual([]);
      answers.push({ query, data: answer.body.data! });
    }
    /** Both answers written in turn; then the 360 read back from the cache (null: parts of it were lost). */
    const readBack = (cache: InMemoryCache) => {
      for (const { query, data } of answers) cache.writeQuery({ query, variables: { id }, data });
      return cache.readQuery<any>({ query: answers[0].query, variables: { id } });
    };
    // without the guide's policies the smaller answer replaces the summary and the page: the 360 is gone from the cache
    expect(readBack(new InMemoryCache())).toBeNull();
    const cache = customer360Cache();
    const kept = readBack(cache);
    expect(cache.extract()[`Customer:${id}`]).toBeDefined(); // normalized by its id
    expect(kept?.customer.summary).toEqual(answers[0].data.customer.summary);
    expect(kept?.customer.fullName).toBe(answers[0].data.customer.fullName);
  });

  it("runs the command-line block against the API", async () => {
    const [shell] = blocks("sh");
    // the token line needs the development server's data directory: the test hands the token in instead
    const script = shell.split("\n").filter((line) => !line.startsWith("TOKEN=")).join("\n").replaceAll("http://127.0.0.1:4000/graphql", app.server.url);
    // asynchronously: the API answering it runs in this process
    const run = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { encoding: "utf8", env: { ...process.env, TOKEN: await app.token(Role.AGENT) }, timeout: 30_000 });
    expect(run.stderr).toBe("");
    const answer = JSON.parse(run.stdout);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.customer.customerNumber).toEqual(expect.any(String));
    expect(answer.data.customer.policies.count.value).toBeGreaterThanOrEqual(0);
    expect(shell.split("\n")[0]).toBe("TOKEN=$(npm run --silent token -- --role AGENT)");
  });
});
