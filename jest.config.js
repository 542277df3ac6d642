/**
 * Every spec runs on the embedded database (PGlite); when TEST_DATABASE_URL is set, the whole
 * suite runs a second time against that PostgreSQL server (each spec file in a fresh database).
 */
const base = {
  preset: "ts-jest",
  testEnvironment: "node",
  testMatch: ["<rootDir>/test/**/*.spec.ts", "<rootDir>/src/**/*.spec.ts"],
  setupFiles: ["reflect-metadata"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testEnvironmentOptions: { globalsCleanup: "off" },
};

const projects = [{ ...base, displayName: "pglite", globals: { TEST_BACKEND: "pglite" } }];
if (process.env.TEST_DATABASE_URL) {
  projects.push({ ...base, displayName: "postgres", globals: { TEST_BACKEND: "postgres" } });
}

module.exports = { projects, testTimeout: 120000 };
