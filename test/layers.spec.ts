import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The top folders of src/, and migrations/ beside it, are floors; an import may only point down
 * (or stay in its own folder). Type-only imports count: a type that must be imported from above is a dependency all the same.
 */
const FLOORS: Record<string, number> = {
  shared: 1,
  observability: 1,
  config: 2,
  // auth and db share a floor; auth may use db's helpers (audit-writer → database-errors), db may not import auth.
  auth: 3,
  db: 3,
  modules: 4,
  // the migrations (migrations/ beside src/) lay out the modules' tables with db/'s helpers; the
  // database schema hands them and the entities to db/ from above
  migrations: 5,
  "database-schema": 5,
  graphql: 5,
  http: 6,
  app: 7,
  // tools above the app
  scripts: 8,
  seed: 8,
  bench: 8,
  index: 8,
};
/** Same-floor folders that may not import each other in this direction: from → to. */
const FORBIDDEN_SIDEWAYS = [["db", "auth"]];

/**
 * Upward imports still allowed, each with why it is still there (none today). The list may only
 * shrink: an entry whose import no longer exists fails the test too, so remove it when you fix it.
 * Do not add to it: move the code down instead (a type to the floor of its users, a look-up or a
 * check handed in from above, as app.ts gets the demo seeder and auth/ the sign-in look-ups).
 */
const ALLOWED: Record<string, string[]> = {};

const SRC = path.resolve(__dirname, "..", "src");
/** Read as a floor of its own, though it sits beside src/. */
const MIGRATIONS = path.resolve(__dirname, "..", "migrations");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".spec.ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every module specifier a file names: import, import type, export … from, import(), require(). */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteral(first)) found.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const inside = (file: string, dir: string) => file.startsWith(dir + path.sep);

/** The top folder (or top file without .ts) of a path under src/; "migrations" for migrations/. */
function topOf(file: string): string {
  if (inside(file, MIGRATIONS)) return "migrations";
  return path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, "");
}

function rel(file: string): string {
  return path.relative(inside(file, MIGRATIONS) ? path.dirname(MIGRATIONS) : SRC, file).split(path.sep).join("/");
}

interface Layering {
  upward: string[];
  unplaced: string[];
}

function layering(): Layering {
  const upward: string[] = [];
  const unplaced = new Set<string>();
  for (const file of [...sourceFiles(SRC), ...sourceFiles(MIGRATIONS)]) {
    const from = topOf(file);
    if (FLOORS[from] === undefined) unplaced.add(from);
    for (const specifier of specifiers(file)) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(file, specifier);
      if (!target || !(inside(target, SRC) || inside(target, MIGRATIONS))) continue;
      const to = topOf(target);
      if (to === from) continue;
      if (FLOORS[to] === undefined) unplaced.add(to);
      const up = FLOORS[to] > FLOORS[from];
      const sideways = FORBIDDEN_SIDEWAYS.some(([a, b]) => a === from && b === to);
      if (up || sideways) upward.push(`${rel(file)} -> ${rel(target)}`);
    }
  }
  return { upward: [...new Set(upward)].sort(), unplaced: [...unplaced].sort() };
}

describe("layers: src/ folders form floors and imports point down", () => {
  const { upward, unplaced } = layering();
  const allowed = new Set(Object.values(ALLOWED).flat());

  it("gives every top folder of src/ (and migrations/) a floor", () => {
    expect(unplaced).toEqual([]);
  });

  it("has no upward import other than the named allowlist", () => {
    expect(upward.filter((edge) => !allowed.has(edge))).toEqual([]);
  });

  it("lists no allowlisted import that is gone (the allowlist only shrinks)", () => {
    const present = new Set(upward);
    expect([...allowed].filter((edge) => !present.has(edge)).sort()).toEqual([]);
  });
});
