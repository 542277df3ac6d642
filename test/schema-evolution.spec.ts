import fs from "node:fs";
import path from "node:path";
import { schemaChanges } from "../src/graphql/schema-changes";

/**
 * The schema evolves by deprecation, and every breaking change is announced (docs/schema-changes.md)
 * before it reaches a release: schema.graphql against schema.released.graphql, as graphql-js judges.
 */
const read = (file: string) => fs.readFileSync(path.join(__dirname, "..", file), "utf8");

describe("schema evolution", () => {
  it("announces every breaking change since the released schema, and removes no field without a deprecation first", () => {
    const changes = schemaChanges(read("schema.released.graphql"), read("schema.graphql"), read("docs/schema-changes.md"));
    expect(changes.breaking.filter((change) => !change.listed).map((change) => change.description)).toEqual([]);
    expect(changes.removedWithoutDeprecation).toEqual([]);
  });

  it("catches an unannounced removal, a removal without deprecation, and a required argument added", () => {
    const released = `type Query { customer(id: ID!): Customer }  type Customer { id: ID! name: String old: String @deprecated(reason: "Use name.") gone: Int }`;
    const current = `type Query { customer(id: ID!, region: String!): Customer }  type Customer { id: ID! name: String count: Int }`;
    const changes = schemaChanges(released, current, "## Unreleased\n- Customer.old was removed.\n");
    expect(changes.breaking.map((change) => [change.type, change.description, change.listed]).sort()).toEqual([
      ["FIELD_REMOVED", "Customer.gone was removed.", false],
      ["FIELD_REMOVED", "Customer.old was removed.", true],
      ["REQUIRED_ARG_ADDED", "A required arg region on Query.customer was added.", false],
    ]);
    expect(changes.removedWithoutDeprecation).toEqual(["Customer.gone"]);
  });

  it("reports an added enum value as dangerous, not breaking", () => {
    const changes = schemaChanges(`type Query { a: E } enum E { X }`, `type Query { a: E } enum E { X Y }`, "");
    expect(changes.breaking).toEqual([]);
    expect(changes.dangerous.map((change) => change.type)).toEqual(["VALUE_ADDED_TO_ENUM"]);
  });
});
