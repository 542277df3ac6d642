import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import express from "express";
import type { MetricsSettings } from "../config";
import { metricsRegistry } from "../observability/metrics";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** GET /metrics (Prometheus text); with METRICS_TOKEN only for `Authorization: Bearer <METRICS_TOKEN>`. */
export function metricsHandler(settings: MetricsSettings): express.RequestHandler {
  return async (req, res) => {
    if (settings.token !== undefined && !bearerMatches(req.headers.authorization, settings.token)) {
      res.status(401).setHeader("www-authenticate", 'Bearer realm="metrics"').type("text/plain").send("Unauthorized\n");
      return;
    }
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  };
}

/**
 * The metrics listener (METRICS_PORT on METRICS_HOST, loopback by default): it serves /metrics and
 * nothing else, so the API port never exposes operational data.
 */
export async function startMetricsServer(settings: MetricsSettings): Promise<MetricsServer> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", metricsHandler(settings));
  app.use((_req, res) => {
    res.status(404).type("text/plain").send("Not found\n");
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
