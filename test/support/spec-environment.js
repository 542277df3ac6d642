const { AsyncLocalStorage } = require("node:async_hooks");
const { TestEnvironment } = require("jest-environment-node");

/**
 * Test environment of the specs (jest.config.js): jest-environment-node, plus one clean-up that
 * keeps a long `--runInBand` run from slowing down file after file.
 *
 * Jest loads src/ afresh for every spec file, so every file that serves a request creates a new
 * AsyncLocalStorage (src/db/sql-counter.ts). Node itself keeps every storage that was ever entered
 * in a process-wide list until it is disabled, and its async hook visits each storage of that list
 * for every promise and async resource the process creates — and stores a property per storage on
 * each. After some sixty spec files every promise paid for sixty storages: measured, the same spec
 * ran 5× slower at the end of `npm test` than alone (safe-defaults 132 s vs 26 s), and the heap
 * grew by ~30 MB per file.
 *
 * Here every storage entered while a spec file runs is disabled when the file is done (a storage
 * left disabled costs nothing; `run` enables it again — jest-circus's own storage, entered for every
 * test, is simply re-enabled by the next file). Node's AsyncLocalStorage class is the same object in
 * every spec's realm (jest hands out Node's own built-in modules), so its prototype is wrapped once
 * per process. `npm test` also replaces its worker every few files (jest.config.js), which bounds
 * the leaked realms themselves; this keeps focused `--runInBand` runs of many files fast too.
 */
const ENTERED = Symbol.for("customer360.test.enteredStorages");

function trackEnteredStorages() {
  if (AsyncLocalStorage.prototype[ENTERED]) return AsyncLocalStorage.prototype[ENTERED];
  const entered = new Set();
  for (const method of ["run", "enterWith"]) {
    const original = AsyncLocalStorage.prototype[method];
    Object.defineProperty(AsyncLocalStorage.prototype, method, {
      configurable: true,
      writable: true,
      value: function (...args) {
        entered.add(this);
        return original.apply(this, args);
      },
    });
  }
  Object.defineProperty(AsyncLocalStorage.prototype, ENTERED, { value: entered });
  return entered;
}

class SpecEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.enteredStorages = trackEnteredStorages();
  }

  async teardown() {
    for (const storage of this.enteredStorages) storage.disable();
    this.enteredStorages.clear();
    await super.teardown();
  }
}

module.exports = SpecEnvironment;
