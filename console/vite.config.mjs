// Vite settings for the two browser bundles, built by console/build.mjs into dist/web/<name>.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.resolve(here, "../dist/web");

/** The agent console (/console) and the API explorer (/graphql, development only). */
export const BUNDLES = {
  console: { root: path.join(here, "app"), base: "/console/" },
  explorer: { root: path.join(here, "explorer"), base: "/graphql/explorer/" },
};

export function viteConfig(name) {
  const bundle = BUNDLES[name];
  return {
    configFile: false,
    root: bundle.root,
    base: bundle.base,
    logLevel: "warn",
    publicDir: false,
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    build: {
      outDir: path.join(OUT_DIR, name),
      emptyOutDir: true,
      target: "es2022",
      sourcemap: false,
      // GraphiQL (React + CodeMirror) is one large chunk by nature; it is never loaded in production.
      chunkSizeWarningLimit: name === "explorer" ? 4000 : 200,
      modulePreload: { polyfill: false },
      rollupOptions: {
        // React libraries mark modules "use client"; that means nothing in a plain client bundle.
        onwarn(warning, warn) {
          if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
        },
      },
    },
  };
}
