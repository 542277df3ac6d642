import { createHash } from "node:crypto";
import fs from "node:fs";
import type express from "express";
import { ConfigError, type TrafficSettings } from "../config";
import { refuse } from "./traffic";

/** sha256 (hex) of an operation document: the key of the trusted-documents manifest. */
export function operationHash(document: string): string {
  return createHash("sha256").update(document, "utf8").digest("hex");
}

/**
 * A document identifier as clients send it: `sha256:<hex>` (the GraphQL-over-HTTP trusted
 * documents convention, graphql-codegen's `persistedDocuments` with a sha256 hash) or the bare
 * hex (Apollo's persisted queries); the hex in lower case, or null for anything else.
 */
export function documentKey(id: string): string | null {
  const hex = id.trim().toLowerCase().replace(/^sha256:/, "");
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/**
 * The manifest as graphql-codegen's client preset writes it (`{ "<id>": "<document>" }`) or as
 * Apollo's generate-persisted-query-manifest does (`{ format: "apollo-persisted-query-manifest",
 * operations: [{ id, body }] }`); every id must be the sha256 of its document.
 */
function loadManifest(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`PERSISTED_OPERATIONS_FILE ${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError('The persisted-operations manifest must be an object { "sha256:<hex>": document } or an Apollo persisted-query manifest');
  }
  const record = parsed as Record<string, unknown>;
  const entries: [string, unknown][] = record.format === "apollo-persisted-query-manifest" && Array.isArray(record.operations)
    ? (record.operations as { id?: unknown; body?: unknown }[]).map((operation) => [String(operation.id), operation.body])
    : Object.entries(record);
  const manifest = new Map<string, string>();
  for (const [id, document] of entries) {
    const key = documentKey(id);
    if (typeof document !== "string" || key === null || operationHash(document) !== key) {
      throw new ConfigError(
        `Persisted-operations manifest entry ${id.slice(0, 23)}… is not the sha256 of its document (ids are "sha256:<hex>" or "<hex>"; graphql-codegen: persistedDocuments.hashAlgorithm "sha256")`,
      );
    }
    manifest.set(key, document);
  }
  return manifest;
}

type Params = Record<string, unknown>;

/** The id a request names its document by: `documentId`, or Apollo's `extensions.persistedQuery.sha256Hash`. */
function namedId(params: Params): string | undefined {
  if (typeof params.documentId === "string") return params.documentId;
  let extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | string | undefined;
  if (typeof extensions === "string") {
    try {
      extensions = JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } };
    } catch {
      return undefined;
    }
  }
  const hash = typeof extensions === "object" ? extensions?.persistedQuery?.sha256Hash : undefined;
  return typeof hash === "string" ? hash : undefined;
}

/** The request from here on carries the registered document as `query` (the executor knows no ids). */
function withDocument(req: express.Request, params: Params, document: string): void {
  if (req.method === "GET") {
    // Apollo reads a GET's parameters from the URL: the id becomes the document there
    const url = new URL(req.url, "http://localhost");
    url.searchParams.delete("documentId");
    url.searchParams.delete("extensions");
    url.searchParams.set("query", document);
    req.url = `${url.pathname}${url.search}`;
    return;
  }
  params.query = document;
  delete params.documentId;
  delete params.extensions;
}

/**
 * Trusted documents (PERSISTED_OPERATIONS with PERSISTED_OPERATIONS_FILE). A request names a
 * registered document by `documentId` (POST body or GET query string: `sha256:<hex>`), by Apollo's
 * `extensions.persistedQuery.sha256Hash`, or sends a document whose sha256 is registered; queries
 * may come by GET. `only`: anything else is refused before parsing (400 PERSISTED_QUERY_NOT_FOUND);
 * `allow`: registered documents by id, and any other document as usual.
 */
export function persistedOperationsGate(settings: TrafficSettings): express.RequestHandler | undefined {
  if (settings.persistedOperations === "off" || !settings.persistedOperationsFile) return undefined;
  const manifest = loadManifest(settings.persistedOperationsFile);
  const only = settings.persistedOperations === "only";
  return (req, res, next) => {
    const params = (req.method === "GET" ? req.query : req.body) as Params | undefined;
    if (!params || typeof params !== "object") return next();
    const id = namedId(params);
    if (id === undefined && !only) return next();
    const key = id !== undefined ? documentKey(id) : typeof params.query === "string" ? operationHash(params.query) : null;
    const document = key ? manifest.get(key) : undefined;
    if (!document && !only && typeof params.query === "string" && key === operationHash(params.query)) {
      // allow: an unregistered document sent with its own hash (an APQ client's second try) runs as plain text
      delete params.documentId;
      delete params.extensions;
      return next();
    }
    if (!document) {
      refuse(res, 400, "PERSISTED_QUERY_NOT_FOUND", only ? "Only registered operations are accepted by this server" : "No registered operation has this documentId");
      return;
    }
    withDocument(req, params, document);
    next();
  };
}
