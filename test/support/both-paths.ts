import { randomUUID } from "node:crypto";
import { loadConfig } from "../../src/config";
import { buildServedSchema } from "../../src/graphql/schema";
import { startHttpServer, type RunningServer } from "../../src/http/server";
import type { TestApp } from "./app";

/** One answer as a client and the access audit see it, with the path that answered (x-read-path). */
export interface PathAnswer {
  status: number;
  text: string;
  statements: number;
  path: string | null;
  /** Rows whose answer the statement wrote as text (x-text-rows; compiled reads only). */
  textRows: number;
  audit: string[];
}

/**
 * Two servers on the same database: the test app's (compiled reads on) and a second one with
 * COMPILED_READS=off, so that every document can be answered by both paths and compared.
 */
export class BothPaths {
  private constructor(
    private readonly app: TestApp,
    private readonly plain: RunningServer,
  ) {}

  static async start(app: TestApp): Promise<BothPaths> {
    const plain = await startHttpServer(app.db, loadConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", COMPILED_READS: "off" }), await buildServedSchema());
    return new BothPaths(app, plain);
  }

  /** The executor-only server's GraphQL URL. */
  get plainUrl(): string {
    return this.plain.url;
  }

  stop(): Promise<void> {
    return this.plain.stop();
  }

  async post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<PathAnswer> {
    const requestId = randomUUID();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-request-id": requestId },
      body: JSON.stringify({ query, variables }),
    });
    const audit: { customer_id: string; fields: string[]; outcome: string }[] = await this.app.db.query(
      `SELECT customer_id, fields, outcome FROM audit_entry WHERE request_id = $1 ORDER BY customer_id, outcome`,
      [requestId],
    );
    return {
      status: response.status,
      text: await response.text(),
      statements: Number(response.headers.get("x-sql-statements")),
      path: response.headers.get("x-read-path"),
      textRows: Number(response.headers.get("x-text-rows")),
      audit: audit.map((row) => `${row.customer_id}|${row.outcome}|${[...row.fields].sort().join(",")}`),
    };
  }

  /** The same document through the compiling server and through the executor-only one. */
  async both(token: string, query: string, variables: Record<string, unknown> = {}) {
    const compiled = await this.post(this.app.server.url, token, query, variables);
    const executed = await this.post(this.plain.url, token, query, variables);
    return { compiled, executed };
  }
}
