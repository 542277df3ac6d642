import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";

/** Counts SQL statements per request (tests pin these; metrics can read them). */
export interface StatementTally {
  count: number;
  statements?: string[];
}

const storage = new AsyncLocalStorage<StatementTally>();

export function withStatementTally<T>(tally: StatementTally, fn: () => T): T {
  return storage.run(tally, fn);
}

export function currentTally(): StatementTally | undefined {
  return storage.getStore();
}

/** TypeORM logger: counts statements; prints errors only (never parameters: they may be personal). */
export class CountingLogger implements Logger {
  constructor(private readonly echo: boolean = false) {}

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const tally = storage.getStore();
    if (tally) {
      tally.count += 1;
      tally.statements?.push(query);
    }
    if (this.echo) process.stderr.write(`[sql] ${query.replace(/\s+/g, " ").slice(0, 160)}\n`);
  }
  logQueryError(error: string | Error, query: string): void {
    process.stderr.write(`[sql error] ${error instanceof Error ? error.message : error} in: ${query.slice(0, 200)}\n`);
  }
  logQuerySlow(time: number, query: string): void {
    process.stderr.write(`[sql slow] ${time} ms: ${query.slice(0, 200)}\n`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (this.echo) process.stderr.write(`[migration] ${message}\n`);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") process.stderr.write(`[typeorm] ${String(message)}\n`);
  }
}
