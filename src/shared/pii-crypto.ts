import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Field encryption for identity numbers: AES-256-GCM with a random 96-bit nonce, and an
 * HMAC-SHA-256 blind index for exact look-ups. Both keys are derived from PII_ENCRYPTION_KEY
 * with HKDF so that one secret serves both without reuse. Format: v1.<nonce>.<tag>.<ciphertext>.
 */
export class PiiCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;
  private readonly digestKey: Buffer;
  private readonly matchKeyKey: Buffer;

  constructor(secret: string) {
    const ikm = Buffer.from(secret, "utf8");
    this.encryptionKey = Buffer.from(hkdfSync("sha256", ikm, "customer360", "pii-encryption", 32));
    this.indexKey = Buffer.from(hkdfSync("sha256", ikm, "customer360", "pii-blind-index", 32));
    this.digestKey = Buffer.from(hkdfSync("sha256", ikm, "customer360", "pii-content-digest", 32));
    this.matchKeyKey = Buffer.from(hkdfSync("sha256", ikm, "customer360", "pii-match-key", 32));
  }

  encrypt(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.encryptionKey, nonce);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", nonce.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  decrypt(sealed: string): string {
    const [version, nonce, tag, body] = sealed.split(".");
    if (version !== "v1" || !nonce || !tag || body === undefined) throw new Error("unrecognized ciphertext");
    const decipher = createDecipheriv("aes-256-gcm", this.encryptionKey, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  /**
   * Keyed digest of a record's content (hex), to tell a changed record from an unchanged one
   * without keeping its values: unkeyed, a digest of a short identity number could be reversed.
   */
  contentDigest(content: string): string {
    return createHmac("sha256", this.digestKey).update(content).digest("hex");
  }

  /**
   * Keyed digest of an identity-matching blocking key: the HMAC's first eight bytes as a signed
   * 64-bit integer in decimal (a bigint column). Records that share a key meet as candidates, and
   * the stored digest cannot be turned back into a name or a phone. Two different values sharing a
   * digest (about one chance in 2^64 per pair) only propose a pair that the scoring then judges.
   */
  matchKey(kind: string, value: string): string {
    return createHmac("sha256", this.matchKeyKey).update(`${kind}\u0000${value}`).digest().readBigInt64BE(0).toString();
  }

  /** Same input → same hex digest; upper-cased and stripped of spaces first. */
  blindIndex(value: string): string {
    return createHmac("sha256", this.indexKey).update(value.replace(/\s+/g, "").toUpperCase()).digest("hex");
  }
}

let processCipher: PiiCipher | null = null;
let processSecret: string | null = null;

/** Sets the key that encrypted columns use in this process (server start-up, seed, scripts). */
export function configurePiiKey(secret: string): void {
  if (secret !== processSecret) {
    processCipher = new PiiCipher(secret);
    processSecret = secret;
  }
}

function configuredCipher(): PiiCipher {
  if (!processCipher) throw new Error("PII encryption key not configured (configurePiiKey was not called)");
  return processCipher;
}

/** Column transformer: free text with health or other sensitive details, encrypted at rest. */
export const sealedText = {
  to: (value: string | null | undefined) => (value === null || value === undefined ? value : configuredCipher().encrypt(value)),
  from: (value: string | null | undefined) => (value === null || value === undefined ? value : configuredCipher().decrypt(value)),
};

/** Column transformer: a JSON document with health or other sensitive details, encrypted at rest. */
export const sealedJson = {
  to: (value: unknown) => (value === null || value === undefined ? value : configuredCipher().encrypt(JSON.stringify(value))),
  from: (value: string | null | undefined) => (value === null || value === undefined ? value : JSON.parse(configuredCipher().decrypt(value))),
};
