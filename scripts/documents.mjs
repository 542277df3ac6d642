#!/usr/bin/env node
// npm run documents: the trusted-documents manifest (PERSISTED_OPERATIONS_FILE) of every operation the
// console sends and every operation in the README, each checked against schema.graphql.
//   node scripts/documents.mjs [--out dist/persisted-documents.json]
// The console's documents are read from its sources, not run: every string or template the
// TypeScript checker can fold into a constant (across modules, through `const`s, object
// properties, array elements and `.join`) and that parses as a GraphQL operation. A `gql(...)` call
// whose document cannot be folded is an error: it would be refused under PERSISTED_OPERATIONS=only.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { buildSchema, Kind, parse, print, validate, visit } from "graphql";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The constant string an expression always has, or undefined. */
function folder(checker) {
  const declarationOf = (node) => {
    let symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  };
  const initializerOf = (node) => {
    const declaration = declarationOf(node);
    if (!declaration) return undefined;
    if (ts.isVariableDeclaration(declaration)) return declaration.parent.flags & ts.NodeFlags.Const ? declaration.initializer : undefined;
    if (ts.isPropertyAssignment(declaration)) return declaration.initializer;
    return undefined;
  };
  const unwrap = (node) => {
    while (node && (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node))) node = node.expression;
    return node;
  };
  const fold = (input, depth = 0) => {
    const node = unwrap(input);
    if (!node || depth > 50) return undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      let text = node.head.text;
      for (const span of node.templateSpans) {
        const value = fold(span.expression, depth + 1);
        if (value === undefined) return undefined;
        text += value + span.literal.text;
      }
      return text;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const [left, right] = [fold(node.left, depth + 1), fold(node.right, depth + 1)];
      return left === undefined || right === undefined ? undefined : left + right;
    }
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return fold(initializerOf(node), depth + 1);
    if (ts.isElementAccessExpression(node) && ts.isNumericLiteral(unwrap(node.argumentExpression))) {
      const array = unwrap(initializerOf(node.expression));
      const element = array && ts.isArrayLiteralExpression(array) ? array.elements[Number(unwrap(node.argumentExpression).text)] : undefined;
      return fold(element, depth + 1);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "join") {
      const array = unwrap(ts.isIdentifier(node.expression.expression) ? initializerOf(node.expression.expression) : node.expression.expression);
      if (!array || !ts.isArrayLiteralExpression(array)) return undefined;
      const parts = array.elements.map((element) => fold(element, depth + 1));
      const separator = node.arguments.length ? fold(node.arguments[0], depth + 1) : ",";
      return parts.includes(undefined) || separator === undefined ? undefined : parts.join(separator);
    }
    return undefined;
  };
  return fold;
}

function operations(text) {
  try {
    return parse(text).definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
}

/** Every GraphQL operation the console sends, and the gql(...) calls whose document is not a constant. */
export function consoleDocuments() {
  const configFile = path.join(root, "console", "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const fold = folder(program.getTypeChecker());
  const documents = new Map();
  const dynamic = [];
  const where = (file, node) => `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(path.join(root, "console") + path.sep)) continue;
    const walk = (node) => {
      if ((ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) && !ts.isImportDeclaration(node.parent)) {
        const text = fold(node);
        if (text !== undefined && operations(text) && !documents.has(text)) documents.set(text, where(file, node));
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "gql" && node.arguments.length > 0) {
        const argument = node.arguments[0];
        const isParameter = (identifier) => ts.isParameter(declarationOf(program, identifier));
        const constant =
          fold(argument) !== undefined ||
          // a parameter (e.g. a work list's spec.query) is checked where its constant is written
          (ts.isIdentifier(argument) && isParameter(argument)) ||
          (ts.isPropertyAccessExpression(argument) && ts.isIdentifier(argument.expression) && isParameter(argument.expression)) ||
          // one of a constant record's documents (WRITES[spec.mutation]): every value is a constant
          (ts.isElementAccessExpression(argument) && ts.isIdentifier(argument.expression) && constantRecord(program, argument.expression, fold));
        if (!constant) dynamic.push(where(file, argument));
      }
      ts.forEachChild(node, walk);
    };
    walk(file);
  }
  return { documents, dynamic };
}

function constantRecord(program, identifier, fold) {
  const declaration = declarationOf(program, identifier);
  let value = ts.isVariableDeclaration(declaration) && declaration.parent.flags & ts.NodeFlags.Const ? declaration.initializer : undefined;
  while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value))) value = value.expression;
  return !!value && ts.isObjectLiteralExpression(value) && value.properties.every((p) => ts.isPropertyAssignment(p) && fold(p.initializer) !== undefined);
}

/** The declaration an identifier names (the identifier itself when it names none). */
function declarationOf(program, identifier) {
  const symbol = program.getTypeChecker().getSymbolAtLocation(identifier);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0] ?? identifier;
}

/** Each operation of the README's graphql blocks on its own, with the fragments it spreads. */
export function readmeDocuments() {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const documents = new Map();
  for (const [, block] of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const definitions = parse(block).definitions;
    const fragments = new Map(definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    for (const operation of definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)) {
      const used = new Set();
      const collect = (node) => visit(node, { FragmentSpread: (spread) => void (!used.has(spread.name.value) && fragments.has(spread.name.value) && (used.add(spread.name.value), collect(fragments.get(spread.name.value)))) });
      collect(operation);
      documents.set(print({ kind: Kind.DOCUMENT, definitions: [operation, ...[...used].map((name) => fragments.get(name))] }), "README.md");
    }
  }
  return documents;
}

export function buildManifest() {
  const schema = buildSchema(fs.readFileSync(path.join(root, "schema.graphql"), "utf8"));
  const { documents, dynamic } = consoleDocuments();
  const all = new Map([...documents, ...readmeDocuments()]);
  const invalid = [];
  for (const [text, source] of all) {
    const errors = validate(schema, parse(text));
    if (errors.length > 0) invalid.push(`${source}: ${errors[0].message}`);
  }
  const manifest = Object.fromEntries([...all.keys()].sort().map((text) => [`sha256:${crypto.createHash("sha256").update(text).digest("hex")}`, text]));
  return { manifest, console: documents.size, readme: all.size - documents.size, dynamic, invalid };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  const out = path.resolve(at > 0 ? process.argv[at + 1] : path.join(root, "dist", "persisted-documents.json"));
  const { manifest, console: fromConsole, readme, dynamic, invalid } = buildManifest();
  for (const place of dynamic) console.error(`a document that is not a constant (it would be refused under PERSISTED_OPERATIONS=only): ${place}`);
  for (const problem of invalid) console.error(`not valid against schema.graphql: ${problem}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${fromConsole} console operations, ${readme} from the README`);
  process.exit(dynamic.length + invalid.length > 0 ? 1 : 0);
}
