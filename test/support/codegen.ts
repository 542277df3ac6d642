import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");

/**
 * What graphql-codegen's client preset makes of operations against schema.graphql, configured as
 * docs/clients.md says (persisted documents with `sha256:<hex>` ids, the trusted-documents
 * convention). Run in a child process (codegen-child.ts): the preset's dependencies are ES modules
 * that Node loads but jest's module runtime does not.
 */
export async function runClientPreset(operations: string, outDir: string): Promise<{ manifest: Record<string, string> }> {
  fs.mkdirSync(outDir, { recursive: true });
  const operationsFile = path.join(outDir, "operations.graphql");
  fs.writeFileSync(operationsFile, operations);
  const child = spawnSync(process.execPath, [path.join(__dirname, "ts-child.cjs"), path.join(__dirname, "codegen-child.ts"), operationsFile, outDir], { encoding: "utf8", timeout: 60_000 });
  if (child.status !== 0) throw new Error(`codegen failed (${child.status}): ${child.stderr}`);
  return { manifest: JSON.parse(fs.readFileSync(path.join(outDir, "persisted-documents.json"), "utf8")) };
}

/** Type-checks generated TypeScript files (strict); the diagnostics as text, empty when clean. */
export function typeCheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true, skipLibCheck: true, baseUrl: ROOT, typeRoots: [path.join(ROOT, "node_modules/@types")], types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/** Loads a generated TypeScript module (transpiled; its imports resolved from the project). */
export function loadGenerated(file: string): Record<string, any> {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
  const module = { exports: {} as Record<string, any> };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function("exports", "require", "module", outputText)(module.exports, require, module);
  return module.exports;
}
