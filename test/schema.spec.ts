import fs from "node:fs";
import path from "node:path";
import { isObjectType, type GraphQLSchema } from "graphql";
import { printSchemaText } from "../src/graphql/print-schema";
import { buildBareSchema } from "../src/graphql/schema";
import { buildPermissionMap } from "../src/graphql/permissions";
import { renderDataPolicy } from "../src/auth/data-policy-doc";
import { FIELD_CLASSES, STRUCTURAL_TYPES, STRUCTURAL_TYPE_SUFFIXES } from "../src/auth/field-policy";

describe("schema", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildBareSchema();
  });

  it("matches the committed schema.graphql (run `npm run schema` after changing the API)", async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "..", "schema.graphql"), "utf8");
    expect(committed).toBe(await printSchemaText());
  });

  it("matches the committed docs/data-policy.md (run `npm run docs` after changing the policy table)", () => {
    const committed = fs.readFileSync(path.resolve(__dirname, "..", "docs", "data-policy.md"), "utf8");
    expect(committed).toBe(renderDataPolicy());
  });

  it("describes every type and every field", () => {
    const undescribed: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      if (!type.description) undescribed.push(type.name);
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undescribed.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("gives every field of every object type an explicit rule (class, operation rule or structural type)", () => {
    const map = buildPermissionMap(schema) as Record<string, unknown>;
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      const structural = STRUCTURAL_TYPES.includes(type.name) || STRUCTURAL_TYPE_SUFFIXES.some((s) => type.name.endsWith(s));
      if (structural) continue;
      const rules = map[type.name] as Record<string, unknown> | undefined;
      for (const field of Object.keys(type.getFields())) {
        if (!rules || !rules[field]) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("names no field in the policy table that the schema does not have (stale entries)", () => {
    const stale: string[] = [];
    for (const [typeName, fields] of Object.entries(FIELD_CLASSES)) {
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) {
        stale.push(typeName);
        continue;
      }
      for (const field of Object.keys(fields)) if (!type.getFields()[field]) stale.push(`${typeName}.${field}`);
    }
    expect(stale).toEqual([]);
  });

  it("keeps every personal field nullable so that a denial nulls only that field", () => {
    const nonNull: string[] = [];
    for (const [typeName, fields] of Object.entries(FIELD_CLASSES)) {
      const type = schema.getType(typeName);
      if (!type || !isObjectType(type)) continue;
      for (const [field, dataClass] of Object.entries(fields)) {
        if (dataClass !== "PUBLIC" && type.getFields()[field]?.type.toString().endsWith("!")) nonNull.push(`${typeName}.${field}`);
      }
    }
    expect(nonNull).toEqual([]);
  });
});
