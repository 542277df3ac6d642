import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The top folders of src/ are floors; an import may only point down (or stay in its own folder).
 * Type-only imports count: a type that must be imported from above is a dependency all the same.
 */
const FLOORS: Record<string, number> = {
  shared: 1,
  observability: 1,
  config: 2,
  // auth and db share a floor; auth may use db's helpers (audit-writer → database-errors), db may not import auth.
  auth: 3,
  db: 3,
  modules: 4,
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

const CONTEXT = "RequestContext type: moves down out of graphql/ with the request-context and loaders rework";
const AUDIT_ENTRY = "the access audit records AuditEntry rows: the entity (or its shape) moves below auth/ when the audit is split";

/**
 * Today's upward imports, each with why it is still there. The list may only shrink: an entry
 * whose import no longer exists fails the test too, so remove it when you fix it.
 */
const ALLOWED: Record<string, string[]> = {
  [CONTEXT]: [
    "auth/field-guard.ts -> graphql/context.ts",
    "auth/role-rules.ts -> graphql/context.ts",
    "auth/shield-rules.ts -> graphql/context.ts",
    "modules/audit/access-alert.service.ts -> graphql/context.ts",
    "modules/audit/audit.resolver.ts -> graphql/context.ts",
    "modules/audit/audit.service.ts -> graphql/context.ts",
    "modules/claim/claim-write.service.ts -> graphql/context.ts",
    "modules/claim/claim.mutations.ts -> graphql/context.ts",
    "modules/claim/claim.resolver.ts -> graphql/context.ts",
    "modules/claim/claim.service.ts -> graphql/context.ts",
    "modules/consent/consent.mutations.ts -> graphql/context.ts",
    "modules/consent/consent.service.ts -> graphql/context.ts",
    "modules/customer/customer-identity.service.ts -> graphql/context.ts",
    "modules/customer/customer-lookup.ts -> graphql/context.ts",
    "modules/customer/customer-profile.resolver.ts -> graphql/context.ts",
    "modules/customer/customer-summary.service.ts -> graphql/context.ts",
    "modules/customer/customer-write.service.ts -> graphql/context.ts",
    "modules/customer/customer.mutations.ts -> graphql/context.ts",
    "modules/customer/customer.resolver.ts -> graphql/context.ts",
    "modules/customer/customer.service.ts -> graphql/context.ts",
    "modules/duplicate/duplicate.resolver.ts -> graphql/context.ts",
    "modules/duplicate/duplicate.service.ts -> graphql/context.ts",
    "modules/household/household-write.service.ts -> graphql/context.ts",
    "modules/household/household.mutations.ts -> graphql/context.ts",
    "modules/importing/importing.read.service.ts -> graphql/context.ts",
    "modules/importing/importing.resolver.ts -> graphql/context.ts",
    "modules/interaction/complaint-write.service.ts -> graphql/context.ts",
    "modules/interaction/interaction-write.service.ts -> graphql/context.ts",
    "modules/interaction/interaction.mutations.ts -> graphql/context.ts",
    "modules/metrics/metrics.resolver.ts -> graphql/context.ts",
    "modules/metrics/metrics.service.ts -> graphql/context.ts",
    "modules/node/node.resolver.ts -> graphql/context.ts",
    "modules/node/node.service.ts -> graphql/context.ts",
    "modules/policy/policy.resolver.ts -> graphql/context.ts",
    "modules/policy/policy.service.ts -> graphql/context.ts",
    "modules/privacy/privacy.mutations.ts -> graphql/context.ts",
    "modules/privacy/privacy.service.ts -> graphql/context.ts",
    "modules/recommendation/recommendation-facts.ts -> graphql/context.ts",
    "modules/recommendation/recommendation.mutations.ts -> graphql/context.ts",
    "modules/recommendation/recommendation.resolver.ts -> graphql/context.ts",
    "modules/recommendation/recommendation.service.ts -> graphql/context.ts",
    "modules/risk/risk.mutations.ts -> graphql/context.ts",
    "modules/risk/risk.service.ts -> graphql/context.ts",
    "modules/segment/segment.mutations.ts -> graphql/context.ts",
    "modules/segment/segment.resolver.ts -> graphql/context.ts",
    "modules/segment/segment.service.ts -> graphql/context.ts",
    "modules/staff/me.service.ts -> graphql/context.ts",
    "modules/staff/staff.resolver.ts -> graphql/context.ts",
    "modules/staff/staff.service.ts -> graphql/context.ts",
  ],
  [AUDIT_ENTRY]: [
    "auth/access-audit.ts -> modules/audit/audit-entry.entity.ts",
    "auth/audit-writer.ts -> modules/audit/audit-entry.entity.ts",
    "auth/exfiltration-monitor.ts -> modules/audit/audit-entry.entity.ts",
  ],
  "sign-in checks that a CUSTOMER token's customer exists (Customer entity); authenticate.ts is being reworked elsewhere": [
    "auth/authenticate.ts -> modules/customer/customer.entity.ts",
  ],
  "the staff directory reads StaffUser rows: the entity or the directory should move so auth/ holds no table": [
    "auth/staff-directory.ts -> modules/staff/staff.entity.ts",
  ],
  "the consent rule names ConsentPurpose: the enum can move down to auth/ as Role did": [
    "auth/shield-rules.ts -> modules/consent/consent.entity.ts",
  ],
  "the policy table bands income with the Income type: the banding can move down beside masking": [
    "auth/field-policy.ts -> modules/customer/income.type.ts",
  ],
  "demo data in development at start-up: index.ts could hand seedDemoIfEmpty to startApplication": ["app.ts -> seed/index.ts"],
};

const SRC = path.resolve(__dirname, "..", "src");

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

/** The top folder (or top file without .ts) of a path under src/. */
function topOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0].replace(/\.ts$/, "");
}

function rel(file: string): string {
  return path.relative(SRC, file).split(path.sep).join("/");
}

interface Layering {
  upward: string[];
  unplaced: string[];
}

function layering(): Layering {
  const upward: string[] = [];
  const unplaced = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const from = topOf(file);
    if (FLOORS[from] === undefined) unplaced.add(from);
    for (const specifier of specifiers(file)) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(file, specifier);
      if (!target || !target.startsWith(SRC + path.sep)) continue;
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

  it("gives every top folder of src/ a floor", () => {
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
