import fs from "node:fs";
import path from "node:path";
import express from "express";
import type { AppConfig } from "../config";
import type { Database } from "../db/data-source";
import { signToken } from "../auth/token";
import { Role } from "../auth/role";
import { loopbackOnly } from "./loopback-only";

/**
 * Where `npm run build` puts the browser bundles (console/build.mjs): dist/web/<name>. Compiled,
 * this file lives in dist/src/http; under ts-jest in src/http — both resolve to the same folder.
 */
export function webBundleDir(name: "console" | "explorer"): string {
  const compiled = path.resolve(__dirname, "../../web", name);
  return fs.existsSync(compiled) ? compiled : path.resolve(__dirname, "../../dist/web", name);
}

/** The bundle's page, or a plain-text hint when the bundle has not been built. */
export function sendBundlePage(res: express.Response, dir: string, page: string): void {
  const file = path.join(dir, page);
  if (!fs.existsSync(file)) {
    res.status(503).type("text/plain").send("The browser bundle is not built: run `npm run build`.\n");
    return;
  }
  res.sendFile(file);
}

/** The console only talks to /graphql on its own origin; nothing else may load or frame it. */
const CONSOLE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const notFound: express.RequestHandler = (_req, res) => {
  res.status(404).type("text/plain").send("Not found\n");
};

/**
 * The agent console: a static bundle under /console. With NODE_ENV=development (and in the test
 * mode) it also offers a sign-in by seeded user (GET /console/dev-users, POST /console/dev-token)
 * so that nobody has to paste a token; those two routes answer only a loopback Host
 * (localhost, 127.0.0.1, [::1]) and do not exist in production.
 */
export function consoleRouter(db: Database, config: AppConfig): express.Router {
  const router = express.Router();
  const dir = webBundleDir("console");
  const page: express.RequestHandler = (_req, res) => {
    res.setHeader("content-security-policy", CONSOLE_CSP);
    res.setHeader("cache-control", "no-cache");
    sendBundlePage(res, dir, "index.html");
  };

  if (config.nodeEnv !== "production") {
    router.get("/console/dev-users", loopbackOnly, async (_req, res) => {
      const users: { id: string; username: string; display_name: string; role: Role }[] = await db.query(
        "SELECT id, username, display_name, role FROM staff_user WHERE active AND role <> $1 ORDER BY role, username LIMIT 200",
        [Role.INTEGRATION], // service accounts send files; they have no screen
      );
      res.json(users.map((u) => ({ username: u.username, displayName: u.display_name, role: u.role })));
    });
    router.post("/console/dev-token", loopbackOnly, express.json({ limit: "1kb" }), async (req, res) => {
      const username = typeof req.body?.username === "string" ? req.body.username.slice(0, 80) : "";
      const [user]: { id: string; role: Role }[] = await db.query(
        "SELECT id, role FROM staff_user WHERE active AND username = $1 AND role <> $2",
        [username, Role.INTEGRATION],
      );
      if (!user) {
        res.status(404).json({ error: "No active staff user with that username" });
        return;
      }
      res.json({ token: await signToken({ sub: user.id, role: user.role, purpose: "console" }, config) });
    });
  }

  router.get("/console", page);
  router.use("/console/assets", express.static(path.join(dir, "assets"), { immutable: true, maxAge: "1y", index: false }), notFound);
  router.get("/console/{*rest}", page);
  return router;
}
