import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/** Typed environment, read and validated once at start-up. */
export interface AppConfig {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  piiEncryptionKey: string;
  demoCustomers: number;
  seed: number;
  /** Hours from receipt to a complaint's due time, per severity (COMPLAINT_DUE_HOURS_<SEVERITY>). */
  complaintDueHours: Record<ComplaintSeverityName, number>;
}

export type ComplaintSeverityName = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
const COMPLAINT_SEVERITIES: ComplaintSeverityName[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** The service target: 24 hours from receipt, unless configured otherwise per severity. */
const DEFAULT_COMPLAINT_DUE_HOURS = 24;

export const DEV_JWT_SECRET = "dev-only-jwt-secret-change-me-0123456789abcdef";
export const DEV_PII_KEY = "dev-only-pii-key-change-me-0123456789abcdef";

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Outside production, without PII_ENCRYPTION_KEY, a random key is generated once into the data
 * directory (owner-only file), so that a development database is not encrypted with a key
 * published in the source. Tests use the fixed development key.
 */
function developmentPiiKey(dataDir: string): string {
  const file = path.join(dataDir, "pii-encryption.key");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString("hex");
    try {
      fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: "wx" });
      return key;
    } catch {
      return fs.readFileSync(file, "utf8").trim(); // another process created it first
    }
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV === "production" ? "production" : env.NODE_ENV === "test" ? "test" : "development";
  const jwtSecret = env.JWT_SECRET || DEV_JWT_SECRET;
  const dataDir = path.resolve(env.DATA_DIR || ".data");
  const piiEncryptionKey =
    env.PII_ENCRYPTION_KEY || (nodeEnv === "development" ? developmentPiiKey(dataDir) : DEV_PII_KEY);
  if (nodeEnv === "production") {
    if (jwtSecret === DEV_JWT_SECRET || Buffer.byteLength(jwtSecret) < 32) {
      throw new ConfigError("JWT_SECRET must be set to at least 32 bytes in production");
    }
    if (piiEncryptionKey === DEV_PII_KEY || Buffer.byteLength(piiEncryptionKey) < 32) {
      throw new ConfigError("PII_ENCRYPTION_KEY must be set to at least 32 bytes in production");
    }
  }
  return {
    nodeEnv,
    port: integer("PORT", env.PORT, 4000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || "customer360",
    jwtAudience: env.JWT_AUDIENCE || "customer360-api",
    piiEncryptionKey,
    demoCustomers: integer("DEMO_CUSTOMERS", env.DEMO_CUSTOMERS, 500, 0, 1_000_000),
    seed: integer("SEED", env.SEED, 360, 0, 2 ** 31 - 1),
    complaintDueHours: Object.fromEntries(
      COMPLAINT_SEVERITIES.map((severity) => {
        const name = `COMPLAINT_DUE_HOURS_${severity}`;
        return [severity, integer(name, env[name], DEFAULT_COMPLAINT_DUE_HOURS, 1, 24 * 90)];
      }),
    ) as Record<ComplaintSeverityName, number>,
  };
}
