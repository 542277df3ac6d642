import type { RequestContext } from "../../auth/request-context";
import { PiiCipher } from "../../shared/pii-crypto";
import type { Customer } from "./customer.entity";

const ciphers = new Map<string, PiiCipher>();

function cipherFor(secret: string): PiiCipher {
  let cipher = ciphers.get(secret);
  if (!cipher) {
    cipher = new PiiCipher(secret);
    ciphers.set(secret, cipher);
  }
  return cipher;
}

export function piiCipher(ctx: RequestContext): PiiCipher {
  return cipherFor(ctx.config.piiEncryptionKey);
}

/** The process's cipher for a key (one per key, as the API keeps it). */
export function piiCipherFor(secret: string): PiiCipher {
  return cipherFor(secret);
}

export function nationalIdOf(ctx: RequestContext, customer: Customer): string | null {
  return customer.nationalIdEncrypted ? cipherFor(ctx.config.piiEncryptionKey).decrypt(customer.nationalIdEncrypted) : null;
}

/** Ciphertext and blind index of a (normalized) national id, exactly as the seed stores them. */
export function sealNationalId(ctx: RequestContext, nationalId: string): { nationalIdEncrypted: string; nationalIdHash: string } {
  return sealNationalIdWithKey(ctx.config.piiEncryptionKey, nationalId);
}

/** The same sealing for a writer without a request (the bulk import), from the configured key. */
export function sealNationalIdWithKey(secret: string, nationalId: string): { nationalIdEncrypted: string; nationalIdHash: string } {
  const cipher = cipherFor(secret);
  return { nationalIdEncrypted: cipher.encrypt(nationalId), nationalIdHash: cipher.blindIndex(nationalId) };
}
