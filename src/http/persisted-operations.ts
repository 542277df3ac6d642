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

/** What a request's document is, under trusted documents: the registered text, or why it is refused. */
export type TrustedLookup = { document: string } | { refused: string } | { unregistered: true };

/**
 * Trusted documents (PERSISTED_OPERATIONS with PERSISTED_OPERATIONS_FILE: one or more manifests,
 * comma-separated — e.g. the console's and README's from `npm run documents` beside a client
 * team's). A request names a registered document by `documentId` (`sha256:<hex>`), by Apollo's
 * `extensions.persistedQuery.sha256Hash`, or sends a document whose sha256 is registered.
 * `only`: anything else is refused; `allow`: registered documents by id, and any other document.
 */
export class TrustedDocuments {
  private constructor(
    private readonly manifest: Map<string, string>,
    readonly only: boolean,
  ) {}

  static from(settings: TrafficSettings): TrustedDocuments | null {
    if (settings.persistedOperations === "off" || !settings.persistedOperationsFile) return null;
    const manifest = new Map<string, string>();
    for (const file of settings.persistedOperationsFile.split(",").map((f) => f.trim()).filter(Boolean)) {
      for (const [key, document] of loadManifest(file)) manifest.set(key, document);
    }
    return new TrustedDocuments(manifest, settings.persistedOperations === "only");
  }

  get size(): number {
    return this.manifest.size;
  }

  /** The document of a request's parameters (documentId, extensions, query). */
  lookup(params: Params): TrustedLookup {
    const id = namedId(params);
    if (id === undefined && !this.only) return { unregistered: true };
    const key = id !== undefined ? documentKey(id) : typeof params.query === "string" ? operationHash(params.query) : null;
    const document = key ? this.manifest.get(key) : undefined;
    if (document) return { document };
    // allow: an unregistered document sent with its own hash (an APQ client's second try) runs as plain text
    if (!this.only && typeof params.query === "string" && key === operationHash(params.query)) return { unregistered: true };
    return { refused: this.only ? "Only registered operations are accepted by this server" : "No registered operation has this documentId" };
  }
}

/** The HTTP side of trusted documents: refused before parsing (400 PERSISTED_QUERY_NOT_FOUND); queries may come by GET. */
export function persistedOperationsGate(trusted: TrustedDocuments | null): express.RequestHandler | undefined {
  if (!trusted) return undefined;
  return (req, res, next) => {
    const params = (req.method === "GET" ? req.query : req.body) as Params | undefined;
    if (!params || typeof params !== "object") return next();
    const found = trusted.lookup(params);
    if ("refused" in found) return refuse(res, 400, "PERSISTED_QUERY_NOT_FOUND", found.refused);
    if ("document" in found) withDocument(req, params, found.document);
    else if (namedId(params) !== undefined) {
      // allow: the APQ client's second try runs as the text it sent (Apollo's own persisted queries are off)
      delete params.documentId;
      delete params.extensions;
    }
    next();
  };
}
