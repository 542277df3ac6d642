import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";
import { buildServedSchema } from "../src/graphql/schema";

/**
 * Front ends read the schema as the API's documentation: every type, field, input field, argument
 * and enum value of the served schema says what it is. The lists name what is missing.
 */
describe("schema descriptions", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildServedSchema();
  });

  const ownTypes = () => Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith("__"));

  it("describes every enum value", () => {
    const undescribed: string[] = [];
    for (const type of ownTypes()) {
      if (!isEnumType(type)) continue;
      for (const value of type.getValues()) if (!value.description) undescribed.push(`${type.name}.${value.name}`);
    }
    expect(undescribed).toEqual([]);
  });

  it("describes every argument of every field", () => {
    const undescribed: string[] = [];
    for (const type of ownTypes()) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) if (!arg.description) undescribed.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("describes every type, field and input field", () => {
    const undescribed: string[] = [];
    for (const type of ownTypes()) {
      if (!type.description) undescribed.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) undescribed.push(`${type.name}.${field.name}`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("has enum values and arguments to check (the lists above are not empty by accident)", () => {
    const values = ownTypes().flatMap((type) => (isEnumType(type) ? type.getValues() : []));
    const args = ownTypes().flatMap((type) => (isObjectType(type) ? Object.values(type.getFields()).flatMap((field) => field.args) : []));
    expect(values.length).toBeGreaterThan(245);
    expect(args.length).toBeGreaterThan(44);
  });
});
