#!/usr/bin/env node
// Runs `npm run build` only when a source is newer than the last build (dist/.build-stamp), so that
// `npm run token`, `seed`, `start` … answer in the time of the command itself after the first build.
// Says what it does: nothing when up to date, a line before and after when it builds.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist", ".build-stamp");
const SOURCES = ["src", "migrations", "console"];
const FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"];
const SKIP = new Set(["node_modules", "dist", ".git"]);

/** The newest modification time under `dir`, and the file that has it. */
function newest(dir, found = { mtime: 0, file: null }) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest(full, found);
    else {
      const mtime = fs.statSync(full).mtimeMs;
      if (mtime > found.mtime) Object.assign(found, { mtime, file: full });
    }
  }
  return found;
}

const found = { mtime: 0, file: null };
for (const dir of SOURCES) if (fs.existsSync(path.join(root, dir))) newest(path.join(root, dir), found);
for (const file of FILES) {
  const full = path.join(root, file);
  if (fs.existsSync(full) && fs.statSync(full).mtimeMs > found.mtime) Object.assign(found, { mtime: fs.statSync(full).mtimeMs, file: full });
}
const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
if (built >= found.mtime && !process.argv.includes("--force")) process.exit(0);

const why = built === 0 ? "no build yet" : `${path.relative(root, found.file)} changed since the last build`;
process.stderr.write(`building (${why}): TypeScript and the console bundle, about a minute the first time…\n`);
const started = Date.now();
const startedAt = new Date();
const result = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
if (result.status !== 0) {
  process.stderr.write("build failed: see the errors above\n");
  process.exit(result.status ?? 1);
}
fs.mkdirSync(path.dirname(stamp), { recursive: true });
fs.writeFileSync(stamp, `${startedAt.toISOString()}\n`);
// the stamp is the build's start: a source saved during the build makes the next command build again
fs.utimesSync(stamp, startedAt, startedAt);
process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
