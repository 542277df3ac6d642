import { createHash } from "node:crypto";
import fs from "node:fs";
import type express from "express";
import { ConfigError, type TrafficSettings } from "../config";
import { refuse } from "./traffic";

/** sha256 (hex) of an operation document: the key of the trusted-documents manifest. */
export function operationHash(document: string): string {
  return createHash("sha256").update(document, "utf8").digest("hex");
}

function loadManifest(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`PERSISTED_OPERATIONS_FILE ${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ConfigError("The persisted-operations manifest must be an object { sha256: document }");
  const manifest = new Map<string, string>();
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== "string" || operationHash(document) !== hash.toLowerCase()) {
      throw new ConfigError(`Persisted-operations manifest entry ${hash.slice(0, 16)}… does not match its document's sha256`);
    }
    manifest.set(hash.toLowerCase(), document);
  }
  return manifest;
}

/**
 * Trusted documents (PERSISTED_OPERATIONS=only): a request names a registered operation by hash
 * (`extensions.persistedQuery.sha256Hash`, with or without the document) or sends a document whose
 * hash is registered; anything else is refused before parsing.
 */
export function persistedOperationsGate(settings: TrafficSettings): express.RequestHandler | undefined {
  if (settings.persistedOperations !== "only" || !settings.persistedOperationsFile) return undefined;
  const manifest = loadManifest(settings.persistedOperationsFile);
  return (req, res, next) => {
    const body = req.method === "GET" ? req.query : req.body;
    if (!body || typeof body !== "object") return next();
    const record = body as Record<string, unknown>;
    let extensions = record.extensions as { persistedQuery?: { sha256Hash?: unknown } } | string | undefined;
    if (typeof extensions === "string") {
      try {
        extensions = JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } };
      } catch {
        extensions = undefined;
      }
    }
    const named = typeof extensions === "object" ? extensions?.persistedQuery?.sha256Hash : undefined;
    const hash = typeof named === "string" ? named.toLowerCase() : typeof record.query === "string" ? operationHash(record.query) : undefined;
    const document = hash ? manifest.get(hash) : undefined;
    if (!document) {
      refuse(res, 400, "PERSISTED_QUERY_NOT_FOUND", "Only registered operations are accepted by this server");
      return;
    }
    if (req.method !== "GET") {
      record.query = document;
      delete record.extensions;
    }
    next();
  };
}
