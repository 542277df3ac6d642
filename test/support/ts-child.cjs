/*
 * Runs a TypeScript file in a child process (the kill -9 and start-up tests): `.ts` is transpiled
 * per file, as ts-jest does with isolatedModules, with decorators and their metadata. Each file's
 * output is kept on disk, keyed by its text and the compiler's version, so the next child (and the
 * next spec) loads it instead of transpiling the application again: a start-up took 6 s here and
 * 34 s on a busy CI machine, nearly all of it transpiling.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const ts = require("typescript");

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  isolatedModules: true,
};
// named by the compiler's version and options: a change to either starts a new cache
const OPTIONS_DIGEST = crypto.createHash("sha1").update(JSON.stringify(compilerOptions)).digest("hex").slice(0, 8);
const CACHE = path.join(os.tmpdir(), `c360-ts-child-${ts.version}-${OPTIONS_DIGEST}`);
fs.mkdirSync(CACHE, { recursive: true });

function transpiled(filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha1").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    const { outputText } = ts.transpileModule(source, { fileName: filename, compilerOptions });
    // written aside and renamed: a child running beside this one reads a whole file or none
    const aside = `${cached}.${process.pid}`;
    fs.writeFileSync(aside, outputText);
    fs.renameSync(aside, cached);
    return outputText;
  }
}

require.extensions[".ts"] = (module, filename) => module._compile(transpiled(filename), filename);
require("reflect-metadata");
require(process.argv[2]);
