import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { DataSource } from "typeorm";
import { DataClass, FIELD_CLASSES, FIELD_MASKS, roleVerdict, STRUCTURAL_TYPES, type Reducer } from "../../auth/field-policy";
import type { Role } from "../../auth/role";
import { collectFields, subSelection, type Fragments } from "./selection";
import { isAuthenticated } from "../../auth/shield-rules";
import { rolesAdmittedBy } from "../../auth/role-rules";

/** The shield map (graphql/permissions.ts buildPermissionMap): type → field → rule, or a rule for a whole type. */
export type PermissionMap = Record<string, Record<string, unknown> | unknown>;
import { entityFields, readableColumns } from "./entity-fields";
import { COMPILED_DERIVED, COMPILED_RELATIONS, COMPILED_ROOTS, type CompiledRoot } from "./relations";
import type { DerivedValue } from "../../db/derived-values";
import type { Relation, ScopedLookup } from "../../db/relations";

export type ValuePlan =
  | { kind: "typename"; key: string; value: string }
  /**
   * A scalar or enum read from a property; `personal` when the policy table classes it (guarded and audited);
   * `list`: a list of them held in one jsonb column (e.g. the names of fields changed) — never a personal one.
   */
  | { kind: "leaf"; key: string; property: string; type: GraphQLLeafType; nonNull: boolean; personal: { path: string; reduce: Reducer | null } | null; list?: true }
  /**
   * An object value computed by the row (e.g. Money from an amount and a currency), or held by a
   * computed object (an offer's product, its reasons: `list`); `typeName` names its type where its
   * fields may be personal (an offer's customer).
   */
  | { kind: "object"; key: string; property: string; nonNull: boolean; fields: ValuePlan[]; typeName?: string; list?: true; shape?: RowShape }
  | { kind: "relation"; key: string; relation: RelationPlan }
  /** A value the module's code derives from the row (and what the statement prefetched for it). */
  | { kind: "derived"; key: string; derived: DerivedValue; alias: string | null; nonNull: boolean; result: DerivedResult };

/** How a derived value is answered: a leaf serialized by its type, or an object whose fields are planned. */
export type DerivedResult = { kind: "leaf"; type: GraphQLLeafType } | { kind: "object"; typeName: string; fields: ValuePlan[] };

/**
 * The fields of a derived value's object that the operation asks for, anywhere in it (null: all of
 * them, e.g. a leaf). One holder per derived value and operation, shared by each of its prefetches:
 * a prefetch primes the request's loader for its row, and the first prime wins, so each must bring
 * what every selection of the value in the operation reads.
 */
export interface PrefetchedFields {
  names: Set<string> | null;
}

/** What one SQL row of an entity must carry: the columns (by property) and the relations, shared by every node plan of a list. */
export interface RowShape {
  entity: Function;
  /** The GraphQL object type's class (the entity itself, or a plain type over the entity's rows). */
  objectClass: Function;
  typeName: string;
  properties: Set<string>;
  relations: RelationPlan[];
  /** Derived values whose inputs the statement prefetches into the row (JSON under their alias). */
  prefetches: { alias: string; derived: DerivedValue; fields: PrefetchedFields }[];
  /** Entity getters are read (rows get the entity's prototype). */
  computed: boolean;
}

export interface RelationPlan {
  /** Key of the relation's JSON in the parent row. */
  alias: string;
  relation: Relation;
  field: GraphQLField<unknown, unknown>;
  nodes: readonly FieldNode[];
  nonNull: boolean;
  connection: ConnectionPlan | null;
  /** For plain lists and to-ones: the plan of one row. */
  items: ValuePlan[] | null;
  shape: RowShape;
}

export type ConnectionFieldPlan =
  | { kind: "typename"; key: string; value: string }
  | { kind: "totalCount"; key: string }
  /** `count(limit:)`: its field (for the argument) and the ListCount selection. */
  | { kind: "count"; key: string; field: GraphQLField<unknown, unknown>; node: FieldNode; fields: { key: string; name: string }[] }
  | { kind: "pageInfo"; key: string; fields: { key: string; name: string }[] }
  | { kind: "edges"; key: string; fields: ({ kind: "typename"; key: string; value: string } | { kind: "cursor"; key: string } | { kind: "node"; key: string; fields: ValuePlan[] })[] };

export interface ConnectionPlan {
  fields: ConnectionFieldPlan[];
  /** Whether any cursor is asked for (the sort columns must then be read). */
  cursors: boolean;
  counted: boolean;
}

export type RootPlan =
  | { kind: "typename"; key: string; value: string }
  | { kind: "root"; key: string; root: Extract<CompiledRoot, { kind: "page" }>; field: GraphQLField<unknown, unknown>; nodes: readonly FieldNode[]; connection: ConnectionPlan; shape: RowShape }
  | { kind: "row"; key: string; root: Extract<CompiledRoot, { kind: "one" }>; field: GraphQLField<unknown, unknown>; nodes: readonly FieldNode[]; nonNull: boolean; fields: ValuePlan[]; shape: RowShape }
  /** A page of objects a module's code computes (offers): its connection walked over the objects the root answers. */
  | { kind: "computed"; key: string; root: Extract<CompiledRoot, { kind: "computed" }>; field: GraphQLField<unknown, unknown>; nodes: readonly FieldNode[]; connection: ConnectionPlan; typeName: string }
  /** `node(id)`: one plan per node type (its fields as the selection's type conditions give them); the row found answers. */
  | { kind: "node"; key: string; field: GraphQLField<unknown, unknown>; nodes: readonly FieldNode[]; nonNull: boolean; candidates: NodeCandidate[] };

export interface NodeCandidate {
  lookup: ScopedLookup;
  fields: ValuePlan[];
  shape: RowShape;
}

export interface OperationPlan {
  operation: OperationDefinitionNode;
  roots: RootPlan[];
}

/** Thrown while planning: the document (or part of it) is left to the executor. */
class NotCompiled extends Error {}

class Planner {
  private aliases = 0;
  private readonly prefetched = new Map<DerivedValue, PrefetchedFields>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly db: DataSource,
    private readonly fragments: Fragments,
    private readonly role: Role,
    private readonly rules: PermissionMap,
  ) {}

  fieldsOf(type: GraphQLObjectType, nodes: readonly FieldNode[]): Map<string, FieldNode[]> {
    const set = subSelection(nodes);
    const fields = set && collectFields(this.schema, type, set, this.fragments);
    if (!fields) throw new NotCompiled();
    return fields;
  }

  /** The policy table's verdict for one field, decidable from the role alone; anything else is not compiled. */
  personal(typeName: string, fieldName: string): { path: string; reduce: Reducer | null } | null {
    const dataClass = FIELD_CLASSES[typeName]?.[fieldName];
    if (dataClass === undefined) throw new NotCompiled();
    if (dataClass === DataClass.PUBLIC) return null;
    const verdict = roleVerdict(this.role, typeName, fieldName, dataClass);
    if (verdict.kind !== "read") throw new NotCompiled(); // consent-bound or denied: the shield decides, with its error
    return { path: `${typeName}.${fieldName}`, reduce: verdict.reduce };
  }

  shape(entity: Function, typeName: string, objectClass: Function = entity): RowShape {
    return { entity, objectClass, typeName, properties: new Set(["id"]), relations: [], prefetches: [], computed: false };
  }

  /**
   * Asks the shield map for a field's rule: the compiled reads decide only what they can decide as
   * the shield would — signed in (every compiled viewer is) or the policy table's verdict for the
   * role (see \`personal\`); any other rule (a role list, an ownership check) leaves the operation
   * to the executor.
   */
  allowed(typeName: string, fieldName: string): void {
    const typeRules = this.rules[typeName];
    const rule = typeRules === isAuthenticated ? isAuthenticated : (typeRules as Record<string, unknown> | undefined)?.[fieldName];
    if (rule === isAuthenticated) return;
    const roles = rolesAdmittedBy(rule);
    if (roles) {
      if (roles.includes(this.role)) return;
      throw new NotCompiled(); // the shield refuses, with its error
    }
    if (FIELD_CLASSES[typeName]?.[fieldName] !== undefined) return; // the policy table's rule: decided by \`personal\`
    throw new NotCompiled();
  }

  /** Plans each field asked of an object type (`__typename` answered here; others by `plan`). */
  private fields(
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    plan: (key: string, name: string, field: GraphQLField<unknown, unknown> | undefined, fieldNodes: FieldNode[]) => ValuePlan,
  ): ValuePlan[] {
    return [...this.fieldsOf(type, nodes)].map(([key, fieldNodes]) => {
      const name = fieldNodes[0].name.value;
      return name === "__typename" ? { kind: "typename", key, value: type.name } : plan(key, name, type.getFields()[name], fieldNodes);
    });
  }

  /** The values asked of one entity row; adds what they read to the row shape. */
  entity(type: GraphQLObjectType, nodes: readonly FieldNode[], shape: RowShape): ValuePlan[] {
    const known = entityFields(this.db, shape.entity, shape.objectClass);
    return this.fields(type, nodes, (key, name, field, fieldNodes) => {
      const how = known.get(name);
      if (!field || !how) throw new NotCompiled();
      this.allowed(type.name, name);
      const personal = this.personal(type.name, name);
      if (personal) {
        for (const property of (personal.reduce && FIELD_MASKS[personal.path]?.reads) || []) shape.properties.add(property);
        // the access audit names whose data it was (a row without a customer, e.g. a staff user, records nothing, as in the field guard)
        if (type.name !== "Customer" && this.db.getMetadata(shape.entity).findColumnWithPropertyName("customerId")) shape.properties.add("customerId");
      }
      const nonNull = isNonNullType(field.type);
      const named = getNamedType(field.type);
      const single = !isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
      if (how.kind === "column" && isLeafType(named) && single) {
        shape.properties.add(how.property);
        return { kind: "leaf", key, property: how.property, type: named, nonNull, personal };
      }
      if (how.kind === "column" && isLeafType(named) && !personal && how.column.type === "jsonb") {
        shape.properties.add(how.property);
        return { kind: "leaf", key, property: how.property, type: named, nonNull, personal, list: true };
      }
      if (how.kind === "computed" && !personal && single) {
        for (const property of how.needs === "all" ? readableColumns(this.db, shape.entity).map((c) => c.propertyName) : how.needs) {
          shape.properties.add(property);
        }
        shape.computed = true;
        if (isLeafType(named)) return { kind: "leaf", key, property: how.property, type: named, nonNull, personal: null };
        if (isObjectType(named) && STRUCTURAL_TYPES.includes(named.name)) {
          return { kind: "object", key, property: how.property, nonNull, fields: this.structural(named, fieldNodes) };
        }
      }
      const derived = how.kind === "resolver" && !personal ? COMPILED_DERIVED.get(`${type.name}.${name}`) : undefined;
      if (derived) return this.derived(derived, key, field, fieldNodes, shape);
      const relation = how.kind === "resolver" && !personal ? COMPILED_RELATIONS.get(`${type.name}.${name}`) : undefined;
      if (!relation) throw new NotCompiled();
      const plan = this.relation(relation, field, fieldNodes);
      shape.relations.push(plan);
      return { kind: "relation", key, relation: plan };
    });
  }

  /** A derived value: its inputs join the row (columns, a prefetch), its answer is planned by its type. */
  derived(derived: DerivedValue, key: string, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], shape: RowShape): ValuePlan {
    const named = getNamedType(field.type);
    if (isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) throw new NotCompiled();
    let result: DerivedResult;
    if (isLeafType(named)) result = { kind: "leaf", type: named };
    else if (isObjectType(named)) result = { kind: "object", typeName: named.name, fields: this.valueObject(named, nodes) };
    else throw new NotCompiled();
    for (const property of derived.reads === "all" ? readableColumns(this.db, shape.entity).map((c) => c.propertyName) : derived.reads) shape.properties.add(property);
    let alias: string | null = null;
    if (derived.prefetch) {
      alias = `d${this.aliases++}`;
      shape.prefetches.push({ alias, derived, fields: this.prefetchedFields(derived, result) });
    }
    return { kind: "derived", key, derived, alias, nonNull: isNonNullType(field.type), result };
  }

  /** The operation's union of what it reads of a derived value's object (see PrefetchedFields). */
  private prefetchedFields(derived: DerivedValue, result: DerivedResult): PrefetchedFields {
    const asked = result.kind === "object" ? result.fields.flatMap((plan) => (plan.kind === "leaf" || plan.kind === "object" ? [plan.property] : [])) : null;
    let fields = this.prefetched.get(derived);
    if (!fields) this.prefetched.set(derived, (fields = { names: asked && new Set(asked) }));
    else if (!asked) fields.names = null;
    else for (const name of asked) fields.names?.add(name);
    return fields;
  }

  /** An object a derived value answers with (e.g. CustomerSummary): leaves under the policy table, Money values. */
  valueObject(type: GraphQLObjectType, nodes: readonly FieldNode[]): ValuePlan[] {
    return this.fields(type, nodes, (key, name, field, fieldNodes) => {
      if (!field || isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) throw new NotCompiled();
      this.allowed(type.name, name);
      const personal = this.personal(type.name, name);
      const named = getNamedType(field.type);
      const nonNull = isNonNullType(field.type);
      if (isLeafType(named)) return { kind: "leaf", key, property: name, type: named, nonNull, personal };
      if (!personal && isObjectType(named) && STRUCTURAL_TYPES.includes(named.name)) return { kind: "object", key, property: name, nonNull, fields: this.structural(named, fieldNodes) };
      throw new NotCompiled();
    });
  }

  /**
   * An object a module's code computes (an offer): public leaves, lists of them, value objects
   * (Money, Product), lists of objects of the same kind (its reasons), and entity rows the code
   * loaded (an offer's customer: planned as the entity, personal fields reduced and audited). An
   * entity row here is read as loaded, so a relation or a prefetched value below it is not compiled.
   */
  computedObject(type: GraphQLObjectType, nodes: readonly FieldNode[]): ValuePlan[] {
    return this.fields(type, nodes, (key, name, field, fieldNodes) => {
      if (!field) throw new NotCompiled();
      this.allowed(type.name, name);
      if (this.personal(type.name, name)) throw new NotCompiled(); // a computed object's own values are public
      const named = getNamedType(field.type);
      const nonNull = isNonNullType(field.type);
      const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
      if (isLeafType(named)) return list ? { kind: "leaf", key, property: name, type: named, nonNull, personal: null, list: true } : { kind: "leaf", key, property: name, type: named, nonNull, personal: null };
      if (!isObjectType(named)) throw new NotCompiled();
      const many = list ? { list: true as const } : {};
      if (STRUCTURAL_TYPES.includes(named.name)) return { kind: "object", key, property: name, nonNull, fields: this.structural(named, fieldNodes), ...many };
      if (this.db.hasMetadata(named.name)) {
        if (list) throw new NotCompiled();
        const entity = this.db.getMetadata(named.name).target as Function;
        const shape = this.shape(entity, named.name);
        const fields = this.entity(named, fieldNodes, shape);
        if (shape.relations.length || shape.prefetches.length) throw new NotCompiled();
        return { kind: "object", key, property: name, nonNull, fields, typeName: named.name, shape };
      }
      if (FIELD_CLASSES[named.name]) return { kind: "object", key, property: name, nonNull, fields: this.computedObject(named, fieldNodes), typeName: named.name, ...many };
      throw new NotCompiled();
    });
  }

  /** A value object without personal data of its own (Money): plain properties only. */
  structural(type: GraphQLObjectType, nodes: readonly FieldNode[]): ValuePlan[] {
    return this.fields(type, nodes, (key, name, field) => {
      const named = field && getNamedType(field.type);
      if (!field || !isLeafType(named) || isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) throw new NotCompiled();
      return { kind: "leaf", key, property: name, type: named, nonNull: isNonNullType(field.type), personal: null };
    });
  }

  relation(relation: Relation, field: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): RelationPlan {
    const alias = `r${this.aliases++}`;
    const nonNull = isNonNullType(field.type);
    const named = getNamedType(field.type);
    if (!isObjectType(named)) throw new NotCompiled();
    if (relation.kind !== "page") {
      const shape = this.shape(relation.child(), named.name, relation.childType?.() ?? relation.child());
      if (isListType(isNonNullType(field.type) ? field.type.ofType : field.type) !== (relation.kind === "list")) throw new NotCompiled();
      return { alias, relation, field, nodes, nonNull, connection: null, items: this.entity(named, nodes, shape), shape };
    }
    const { shape, connection } = this.connection(named, nodes, relation.child());
    shape.properties.add(relation.sort);
    return { alias, relation, field, nodes, nonNull, connection, items: null, shape };
  }

  /** A Relay connection: edges { cursor node }, pageInfo, totalCount. */
  connection(type: GraphQLObjectType, nodes: readonly FieldNode[], entity: Function): { shape: RowShape; connection: ConnectionPlan } {
    const nodeType = this.nodeTypeOf(type);
    const shape = this.shape(entity, nodeType.name);
    return { shape, connection: this.edges(type, nodes, (edgeNodes) => this.entity(nodeType, edgeNodes, shape)) };
  }

  /** The node type of a Relay connection type. */
  nodeTypeOf(type: GraphQLObjectType): GraphQLObjectType {
    const edgeType = getNamedType(type.getFields().edges?.type);
    const nodeType = isObjectType(edgeType) ? getNamedType(edgeType.getFields().node?.type) : null;
    if (!isObjectType(nodeType)) throw new NotCompiled();
    return nodeType;
  }

  /** A connection's fields (edges { cursor node }, pageInfo, totalCount, count), each node planned by `node`. */
  edges(type: GraphQLObjectType, nodes: readonly FieldNode[], node: (edgeNodes: FieldNode[]) => ValuePlan[]): ConnectionPlan {
    const edgeType = getNamedType(type.getFields().edges?.type);
    if (!isObjectType(edgeType)) throw new NotCompiled();
    const connection: ConnectionPlan = { fields: [], cursors: false, counted: false };
    for (const [key, fieldNodes] of this.fieldsOf(type, nodes)) {
      const name = fieldNodes[0].name.value;
      if (name === "__typename") connection.fields.push({ kind: "typename", key, value: type.name });
      else if (name === "totalCount") {
        connection.counted = true;
        connection.fields.push({ kind: "totalCount", key });
      } else if (name === "count") {
        connection.counted = true;
        const countField = type.getFields().count;
        const countType = getNamedType(countField.type) as GraphQLObjectType;
        const fields = [...this.fieldsOf(countType, fieldNodes)].map(([k, n]) => ({ key: k, name: n[0].name.value }));
        connection.fields.push({ kind: "count", key, field: countField, node: fieldNodes[0], fields });
      } else if (name === "pageInfo") {
        const pageInfoType = getNamedType(type.getFields().pageInfo.type) as GraphQLObjectType;
        const fields = [...this.fieldsOf(pageInfoType, fieldNodes)].map(([k, n]) => ({ key: k, name: n[0].name.value }));
        if (fields.some((f) => f.name === "startCursor" || f.name === "endCursor")) connection.cursors = true;
        connection.fields.push({ kind: "pageInfo", key, fields });
      } else if (name === "edges") {
        const edgeFields: Extract<ConnectionFieldPlan, { kind: "edges" }>["fields"] = [];
        for (const [edgeKey, edgeNodes] of this.fieldsOf(edgeType, fieldNodes)) {
          const edgeField = edgeNodes[0].name.value;
          if (edgeField === "__typename") edgeFields.push({ kind: "typename", key: edgeKey, value: edgeType.name });
          else if (edgeField === "cursor") {
            connection.cursors = true;
            edgeFields.push({ kind: "cursor", key: edgeKey });
          } else if (edgeField === "node") edgeFields.push({ kind: "node", key: edgeKey, fields: node(edgeNodes) });
          else throw new NotCompiled();
        }
        connection.fields.push({ kind: "edges", key, fields: edgeFields });
      } else throw new NotCompiled();
    }
    return connection;
  }

  operation(operation: OperationDefinitionNode): OperationPlan {
    if (operation.operation !== "query") throw new NotCompiled();
    const query = this.schema.getQueryType();
    if (!query) throw new NotCompiled();
    const roots: RootPlan[] = [];
    const rootFields = collectFields(this.schema, query, operation.selectionSet, this.fragments);
    if (!rootFields) throw new NotCompiled();
    for (const [key, nodes] of rootFields) {
      const name = nodes[0].name.value;
      if (name === "__typename") {
        roots.push({ kind: "typename", key, value: query.name });
        continue;
      }
      const root = COMPILED_ROOTS[name];
      const field = query.getFields()[name];
      const type = field && getNamedType(field.type);
      if (root?.kind === "node") {
        if (!field) throw new NotCompiled();
        this.allowed(query.name, name);
        const candidates = root.lookups.map((lookup) => {
          const objectType = this.schema.getType(lookup.entity().name);
          if (!isObjectType(objectType)) throw new NotCompiled();
          const shape = this.shape(lookup.entity(), objectType.name);
          return { lookup, fields: this.entity(objectType, nodes, shape), shape };
        });
        roots.push({ kind: "node", key, field, nodes, nonNull: isNonNullType(field.type), candidates });
        continue;
      }
      if (!root || !isObjectType(type)) throw new NotCompiled();
      this.allowed(query.name, name);
      if (root.kind === "one") {
        const shape = this.shape(root.lookup.entity(), type.name);
        roots.push({ kind: "row", key, root, field, nodes, nonNull: isNonNullType(field.type), fields: this.entity(type, nodes, shape), shape });
        continue;
      }
      if (root.kind === "computed") {
        const nodeType = this.nodeTypeOf(type);
        const connection = this.edges(type, nodes, (edgeNodes) => this.computedObject(nodeType, edgeNodes));
        roots.push({ kind: "computed", key, root, field, nodes, connection, typeName: nodeType.name });
        continue;
      }
      const { shape, connection } = this.connection(type, nodes, root.entity);
      if (connection.cursors) for (const property of root.cursorProperties) shape.properties.add(property);
      roots.push({ kind: "root", key, root, field, nodes, connection, shape });
    }
    if (!roots.some((root) => root.kind !== "typename")) throw new NotCompiled(); // nothing to read
    return { operation, roots };
  }
}

/**
 * The properties a computed page's answer reads of the entity rows its nodes hold under `property`
 * (an offer's customer), over every selection of it (aliases, fragments); empty when none is asked.
 */
export function nodePropertiesRead(connection: ConnectionPlan, property: string): Set<string> {
  const read = new Set<string>();
  for (const field of connection.fields) {
    if (field.kind !== "edges") continue;
    for (const edgeField of field.fields) {
      if (edgeField.kind !== "node") continue;
      for (const plan of edgeField.fields) if (plan.kind === "object" && plan.property === property && plan.shape) for (const p of plan.shape.properties) read.add(p);
    }
  }
  return read;
}

const plans = new WeakMap<DocumentNode, Map<string, OperationPlan | null>>();

/**
 * The compiled plan of an operation for a role, or null when the executor must answer it. Plans
 * are kept per parsed document (Apollo reuses the parsed document of a repeated query text).
 */
export function planOperation(
  schema: GraphQLSchema,
  db: DataSource,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  role: Role,
  rules: PermissionMap,
): OperationPlan | null {
  let byKey = plans.get(document);
  if (!byKey) plans.set(document, (byKey = new Map()));
  const key = `${operation.name?.value ?? ""}|${role}`;
  if (byKey.has(key)) return byKey.get(key) ?? null;
  const fragments: Fragments = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  let plan: OperationPlan | null = null;
  try {
    plan = new Planner(schema, db, fragments, role, rules).operation(operation);
  } catch (error) {
    if (!(error instanceof NotCompiled)) throw error;
  }
  byKey.set(key, plan);
  return plan;
}
