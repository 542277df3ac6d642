/*
 * Runs a TypeScript file in a child process (the kill -9 tests): `.ts` is transpiled per file, as
 * ts-jest does with isolatedModules, with decorators and their metadata.
 */
const fs = require("node:fs");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      isolatedModules: true,
    },
  });
  module._compile(outputText, filename);
};
require("reflect-metadata");
require(process.argv[2]);
