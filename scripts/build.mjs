// Bundles src/cli.ts into one ESM file: start-up time is part of the product
// (one bundled file loads far faster than five unbundled dependencies).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  // One chunk per command's code: start-up loads only what the command run needs.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  // Prefer ESM builds: jsonc-parser's UMD build requires its parts dynamically, which a bundle cannot follow.
  mainFields: ["module", "main"],
  sourcemap: "linked",
  legalComments: "none",
  define: { __CWT_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (simple-git, debug) call require() for Node built-ins.
  banner: { js: 'import { createRequire as __cwtCreateRequire } from "node:module"; const require = __cwtCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
