import { createHash } from "node:crypto";

/** A client-chosen idempotency key: 8–100 of A–Z a–z 0–9 . _ : - */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]+$/;
export const IDEMPOTENCY_KEY_MESSAGE = "idempotencyKey may contain only letters, digits and . _ : -";

/** The mutations that take an idempotency key; each has a key space of its own. */
export type IdempotentMutation = "recordInteraction" | "fileComplaint" | "fileClaim";

/**
 * What is stored for a client's key: a digest of (mutation, author, key). Keys are scoped to their
 * author (DESIGN §5, "idempotency answers"): another user's identical key is a fresh write and
 * never learns that the key was used; a replay by the same author finds the author's own record.
 * The existing unique index on the stored column then enforces uniqueness per (mutation, author,
 * key). The SQL twin of this function is in migration ScopedIdempotencyKeys1795700000101 (keep the
 * two in step).
 */
export function scopedIdempotencyKey(mutation: IdempotentMutation, authorId: string, key: string | null | undefined): string | null {
  if (!key) return null;
  return createHash("sha256").update(`${mutation}|${authorId}|${key}`, "utf8").digest("hex");
}

/** Who a key belongs to: the signed-in staff user or customer (mutations are never anonymous). */
export function idempotencyAuthor(viewer: { kind: string; id?: string }): string {
  return viewer.kind === "anonymous" || !viewer.id ? "anonymous" : viewer.id;
}
