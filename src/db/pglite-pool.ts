import { EventEmitter } from "node:events";
import type { PGlite } from "@electric-sql/pglite";

/**
 * A node-postgres-shaped pool over one PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite is a single session: two interleaved transactions would share one transaction state.
 * So every checked-out client holds an in-process lock until it is released; TypeORM checks a
 * client out per query runner (one query, or one whole transaction), which serializes
 * transactions the way a real server isolates them.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

interface PgResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

function commandOf(sql: string): string {
  const match = /^\s*(?:--[^\n]*\n\s*)*(\w+)/.exec(sql);
  return match ? match[1].toUpperCase() : "";
}

async function run(db: PGlite, sql: string, params?: unknown[]): Promise<PgResult> {
  if (params && params.length > 0) {
    const result = await db.query(sql, params);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command: commandOf(sql) };
  }
  // exec runs multi-statement scripts (migrations); TypeORM wants the last statement's result
  const results = await db.exec(sql);
  const last = results[results.length - 1];
  return {
    rows: last?.rows ?? [],
    rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
    command: commandOf(sql),
  };
}

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  query(sql: string, params?: unknown[] | ((err: unknown, res?: PgResult) => void), callback?: (err: unknown, res?: PgResult) => void) {
    const cb = typeof params === "function" ? params : callback;
    const values = typeof params === "function" ? undefined : params;
    const promise = run(this.db, sql, values);
    if (cb) promise.then((res) => cb(null, res), (err) => cb(err));
    return promise;
  }
}

export function pglitePoolDriver(db: PGlite) {
  const mutex = new Mutex();
  class Pool extends EventEmitter {
    totalCount = 1;
    idleCount = 1;
    waitingCount = 0;

    connect(callback: (err: unknown, client?: PGliteClient, release?: () => void) => void) {
      mutex.acquire().then(
        (unlock) => {
          let released = false;
          const release = () => {
            if (!released) {
              released = true;
              unlock();
            }
          };
          callback(null, new PGliteClient(db), release);
        },
        (err) => callback(err),
      );
    }

    query(sql: string, params?: unknown[]) {
      return mutex.acquire().then(async (unlock) => {
        try {
          return await run(db, sql, params);
        } finally {
          unlock();
        }
      });
    }

    end(callback?: (err?: unknown) => void) {
      const done = db.close();
      if (callback) done.then(() => callback(), callback);
      return done;
    }
  }
  return { Pool };
}
