import pino from "pino";

/** Structured JSON logs. Never log personal values: ids and codes only. */
export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: "customer360" },
  redact: { paths: ["req.headers.authorization", "*.authorization"], remove: true },
});
