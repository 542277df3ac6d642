import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import path from "node:path";
import { buildSchema, isScalarType, specifiedScalarTypes } from "graphql";
import { Role } from "../src/auth/role";
import clientCodegen from "../docs/examples/clients/codegen";
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
    for (const file of ["codegen.ts", "urql-client.ts"]) expect(included).toContain(fs.readFileSync(path.join(ROOT, "docs/examples/clients", file), "utf8"));
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
