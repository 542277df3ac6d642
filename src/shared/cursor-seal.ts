import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";
import { LRUCache } from "lru-cache";
import { BadUserInputError } from "./errors";

/** Position in a keyset-ordered list: the sort value and the id of the last row seen. */
export interface CursorPosition {
  value: string | number | null;
  id: string;
}

/** Seals and opens the cursors of one list for one viewer. */
export interface CursorCodec {
  encode(position: CursorPosition): string;
  decode(cursor: string): CursorPosition;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A sealed position is at most a few hundred bytes; longer input is refused before any work. */
const MAX_CURSOR_LENGTH = 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor keys (encryption, then nonce derivation), from a server secret by HKDF-SHA256 so that neither is the secret itself. */
export function deriveCursorKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "customer360", "relay-cursor-v1", 64));
}

const invalid = () => new BadUserInputError("Invalid cursor", { argument: "after" });

/**
 * Cursors already sealed, per key: sealing is deterministic (below), so a page read again (a
 * campaign list re-read, a dashboard refreshed) hands out the same cursors without sealing each
 * again (~10 µs apiece: an HMAC and a cipher per cursor, 1 ms of a 100-offer page). Keyed by the
 * binding and the position, so a cursor is only ever reused for the viewer and list it was sealed for.
 */
const SEALED_CURSORS_KEPT = 10_000;
const sealedCursors = new WeakMap<Buffer, LRUCache<string, string>>();

function sealedCursorsFor(keys: Buffer): LRUCache<string, string> {
  let sealed = sealedCursors.get(keys);
  if (!sealed) sealedCursors.set(keys, (sealed = new LRUCache<string, string>({ max: SEALED_CURSORS_KEPT })));
  return sealed;
}

/**
 * Opaque cursors (DESIGN §5): the position is encrypted and authenticated with AES-256-GCM, and
 * the binding (viewer and list with its order) is the additional authenticated data — so a cursor
 * carries nothing readable (no sort value, no name) and one handed out to another viewer, another
 * list or another order does not open. Any failure is the same BAD_USER_INPUT, without the cursor.
 * The nonce is synthetic (an HMAC of binding and position, as in SIV): the same position gives the
 * same cursor, so both read paths answer byte for byte alike, and different positions never share
 * a nonce.
 */
export function cursorCodec(keys: Buffer, binding: string): CursorCodec {
  const key = keys.subarray(0, 32);
  const nonceKey = keys.subarray(32, 64);
  const aad = Buffer.from(binding, "utf8");
  const sealed = sealedCursorsFor(keys);
  return {
    encode(position) {
      const text = JSON.stringify([position.value, position.id]);
      const cacheKey = `${binding}\u0000${text}`;
      const kept = sealed.get(cacheKey);
      if (kept !== undefined) return kept;
      const plain = Buffer.from(text, "utf8");
      const iv = createHmac("sha256", nonceKey).update(aad).update("\u0000").update(plain).digest().subarray(0, IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      const cursor = Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
      sealed.set(cacheKey, cursor);
      return cursor;
    },
    decode(cursor) {
      if (typeof cursor !== "string" || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
      const raw = Buffer.from(cursor, "base64url");
      if (raw.length <= IV_BYTES + TAG_BYTES) throw invalid();
      let parsed: unknown;
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(aad);
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
        parsed = JSON.parse(plain.toString("utf8"));
      } catch {
        throw invalid();
      }
      if (
        Array.isArray(parsed) && parsed.length === 2 &&
        (typeof parsed[0] === "string" || typeof parsed[0] === "number" || parsed[0] === null) &&
        typeof parsed[1] === "string" && UUID.test(parsed[1])
      ) {
        return { value: parsed[0], id: parsed[1] };
      }
      throw invalid();
    },
  };
}

/** The cursor codecs of one request: each list (name + order) gets its own binding to the viewer. */
export interface RequestCursors {
  list(name: string): CursorCodec;
}

export function requestCursors(key: Buffer, viewerBinding: string): RequestCursors {
  const codecs = new Map<string, CursorCodec>();
  return {
    list(name) {
      let codec = codecs.get(name);
      if (!codec) codecs.set(name, (codec = cursorCodec(key, `${viewerBinding}|${name}`)));
      return codec;
    },
  };
}
