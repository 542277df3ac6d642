/**
 * Fault-injection specs (`npm run test:faults`): each spec starts its own throwaway PostgreSQL
 * cluster with PostgreSQL's binaries, stops and restarts it under the running application.
 * Kept apart from jest.config.js, whose specs end in `.spec.ts`.
 */
module.exports = {
  preset: "ts-jest",
  // one realm for errors as in production; clusters stopped even when jest is interrupted (see the file)
  testEnvironment: "<rootDir>/test/faults/fault-environment.js",
  testMatch: ["<rootDir>/test/faults/**/*.fault-spec.ts"],
  setupFiles: ["reflect-metadata"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testEnvironmentOptions: { globalsCleanup: "off" },
  testTimeout: 180000,
};
