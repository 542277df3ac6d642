import express from "express";
import type { AppConfig } from "../config";
import { notFound, sendBundlePage, webBundleDir } from "./console";

/**
 * GraphiQL, bundled locally (no CDN), on GET /graphql from a browser outside production. A GET
 * that carries a query, or that does not ask for HTML, goes on to the GraphQL endpoint.
 */
export function explorerRouter(config: AppConfig): express.Router {
  const router = express.Router();
  if (config.nodeEnv === "production") return router;
  const dir = webBundleDir("explorer");
  router.get("/graphql", (req, res, next) => {
    if (req.query.query !== undefined || req.accepts(["application/json", "text/html"]) !== "text/html") return next();
    res.setHeader("cache-control", "no-cache");
    sendBundlePage(res, dir, "index.html");
  });
  router.use("/graphql/explorer", express.static(dir, { index: false }), notFound);
  return router;
}
