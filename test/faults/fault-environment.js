const { TestEnvironment } = require("jest-environment-node");

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Test environment of the fault specs, which start the application and PostgreSQL clusters in
 * this process.
 *
 * 1. Jest runs each spec in its own realm, so an error made by Node itself (a socket's
 *    ECONNREFUSED, EPIPE) is not `instanceof Error` there. graphql-js then takes a resolver's
 *    returned error (graphql-shield returns resolver errors with allowExternalErrors) for a value,
 *    and responses show artefacts a production process cannot produce. Here `instanceof Error`
 *    also accepts errors of Node's own realm, as in production.
 * 2. A spec's `process` is a copy whose listeners never hear the real process exit or get a
 *    signal. `onHostProcessExit(callback)` registers on the real process, so a spec's clusters are
 *    stopped even when jest is interrupted; whatever is still registered runs at teardown too.
 */
class FaultSpecEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const SpecError = this.global.Error;
    const ordinaryInstanceOf = Function.prototype[Symbol.hasInstance];
    Object.defineProperty(SpecError, Symbol.hasInstance, {
      configurable: true,
      value(candidate) {
        return ordinaryInstanceOf.call(this, candidate) || (this === SpecError && candidate instanceof Error);
      },
    });

    this.exitCallbacks = new Set();
    this.global.onHostProcessExit = (callback) => {
      this.exitCallbacks.add(callback);
      return () => this.exitCallbacks.delete(callback);
    };
    this.runExitCallbacks = () => {
      const callbacks = [...this.exitCallbacks];
      this.exitCallbacks.clear();
      for (const callback of callbacks) {
        try {
          callback();
        } catch (err) {
          process.stderr.write(`fault spec clean-up failed: ${err && err.message}\n`);
        }
      }
    };
    this.onSignal = (signal) => {
      this.runExitCallbacks();
      this.removeHostListeners();
      // listening at all suppressed the default action; without other listeners, take it now
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on("exit", this.runExitCallbacks);
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
  }

  removeHostListeners() {
    process.removeListener("exit", this.runExitCallbacks);
    for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
  }

  async teardown() {
    this.runExitCallbacks();
    this.removeHostListeners();
    await super.teardown();
  }
}

module.exports = FaultSpecEnvironment;
