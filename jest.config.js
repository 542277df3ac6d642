/**
 * Every spec runs on the embedded database (PGlite); when TEST_DATABASE_URL is set, the whole
 * suite runs a second time against that PostgreSQL server (each spec file in a fresh database).
 *
 * `npm test` runs the specs in two worker processes (`--maxWorkers=2`: 11.4 min for both projects
 * on 2 cores against 18.9 min with one worker, 2026-12-02), never in jest's own process
 * (`--runInBand`): under `--experimental-vm-modules` (PGlite needs it) Node 20 never
 * frees a finished spec file's realm (its module registry stays reachable through the dynamic
 * import callbacks of its compiled scripts), ~30 MB a file, and every later file runs slower (in
 * one process the heap reached 1.6 GB over the PGlite specs alone, and safe-defaults took 132 s
 * there against 26 s alone). The worker is replaced once its heap passes `workerIdleMemoryLimit`
 * after a spec file: every few spec files (≈1 s to start a new one). Focused runs with
 * `--runInBand` behave as before.
 */
const base = {
  preset: "ts-jest",
  testEnvironment: "<rootDir>/test/support/spec-environment.js",
  testMatch: ["<rootDir>/test/**/*.spec.ts", "<rootDir>/src/**/*.spec.ts"],
  setupFiles: ["reflect-metadata"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testEnvironmentOptions: { globalsCleanup: "off" },
};

const projects = [{ ...base, displayName: "pglite", globals: { TEST_BACKEND: "pglite" } }];
if (process.env.TEST_DATABASE_URL) {
  projects.push({ ...base, displayName: "postgres", globals: { TEST_BACKEND: "postgres" } });
}

module.exports = { projects, testTimeout: 120000, workerIdleMemoryLimit: "256MB" };
