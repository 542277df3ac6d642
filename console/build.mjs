// Builds the browser bundles (console, explorer) unless their sources and the lock file are
// unchanged since the last build, so `npm run build` (run by start, token, seed, ...) stays quick.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLES, OUT_DIR, viteConfig } from "./vite.config.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const stampFile = path.join(OUT_DIR, ".source-hash");

function sourceHash() {
  const hash = crypto.createHash("sha256");
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(path.relative(here, file)).update(fs.readFileSync(file));
    }
  };
  walk(here);
  hash.update(fs.readFileSync(path.join(here, "../package-lock.json")));
  return hash.digest("hex");
}

const wanted = sourceHash();
const built = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : "";
const complete = Object.keys(BUNDLES).every((name) => fs.existsSync(path.join(OUT_DIR, name, "index.html")));
if (built === wanted && complete && !process.argv.includes("--force")) process.exit(0);

const { build } = await import("vite");
const started = Date.now();
for (const name of Object.keys(BUNDLES)) await build(viteConfig(name));
fs.writeFileSync(stampFile, wanted);
console.error(`browser bundles built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.relative(process.cwd(), OUT_DIR)}`);
