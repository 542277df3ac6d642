import express from "express";
import type { AppConfig } from "../config";
import { notFound, sendBundlePage, webBundleDir } from "./console";
import { isLoopbackHost, loopbackOnly } from "./loopback-only";

/**
 * GraphiQL, bundled locally (no CDN), on GET /graphql from a browser outside production, addressed
 * to a loopback name only (like the development sign-in it is paired with; another Host gets the
 * API's own answer). A GET that carries a query, or that does not ask for HTML, goes on to the
 * GraphQL endpoint.
 */
export function explorerRouter(config: AppConfig): express.Router {
  const router = express.Router();
  if (config.nodeEnv === "production") return router;
  const dir = webBundleDir("explorer");
  router.get("/graphql", (req, res, next) => {
    if (req.query.query !== undefined || req.accepts(["application/json", "text/html"]) !== "text/html" || !isLoopbackHost(req.headers.host)) return next();
    res.setHeader("cache-control", "no-cache");
    sendBundlePage(res, dir, "index.html");
  });
  router.use("/graphql/explorer", loopbackOnly, express.static(dir, { index: false }), notFound);
  return router;
}
