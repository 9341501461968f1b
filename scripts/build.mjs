// Bundles src/cli.ts into ESM chunks (one per command's code), and the two start-up-bound entries
// (the edit guard, `cwt path`'s fast answer) into one CommonJS file each: start-up time is part of
// the product (one bundled file loads far faster than five unbundled dependencies).
import { build } from "esbuild";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

// What every bundle shares. Prefer ESM builds of dependencies: jsonc-parser's UMD build requires
// its parts dynamically, which a bundle cannot follow.
const common = { bundle: true, platform: "node", target: "node20", mainFields: ["module", "main"], legalComments: "none", logLevel: "warning" };

// zod/mini modules: a few KB each when tree-shaken alone, but inside the split build their zod/mini
// would share one chunk with full zod's core (about 650 KB, ~20 ms to load). So they are bundled on
// their own first, and the main build takes the result in their place (its own small chunk). The
// guard's payload (run before every edit Claude Code makes) is one such bundle; what the timed
// commands (new, list, rm, prune) read on every run (their options, cwt's records, Claude Code's
// session files) is another, all three modules in one, so those commands load one zod/mini, not three.
const src = (p) => fileURLToPath(new URL(p, import.meta.url));
const GROUPS = [[src("../src/cli/guard-payload.ts")], [src("../src/cli/hot-options.ts"), src("../src/core/record-schemas.ts"), src("../src/core/session-schema.ts")]];
const prebundles = new Map(); // module file → [the group's bundle path, its code]
await Promise.all(
  GROUPS.map(async (files) => {
    const stdin = { contents: files.map((f) => `export * from ${JSON.stringify(f)};`).join("\n"), resolveDir: path.dirname(files[0]), loader: "ts", sourcefile: "prebundle-group.ts" };
    const code = (await build({ ...common, stdin, write: false, format: "esm" })).outputFiles[0].text;
    for (const f of files) prebundles.set(f, [files[0], code]);
  }),
);
const prebundled = {
  name: "prebundled-zod-mini",
  setup(b) {
    b.onResolve({ filter: /\.ts$/ }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      return prebundles.has(file) ? { path: prebundles.get(file)[0], namespace: "prebundled" } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "prebundled" }, (args) => ({ contents: prebundles.get(args.path)[1], loader: "js" }));
  },
};

const written = new Set();
const bundledInputs = new Set();
const collect = (result) => {
  Object.keys(result.metafile.outputs).forEach((f) => written.add(path.resolve(f)));
  Object.keys(result.metafile.inputs).forEach((f) => bundledInputs.add(f));
};
collect(await build({
  ...common,
  metafile: true,
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  // One chunk per command's code: start-up loads only what the command run needs.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  sourcemap: "linked",
  define: { __CWT_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (simple-git, debug) call require() for Node built-ins.
  banner: { js: 'import { createRequire as __cwtCreateRequire } from "node:module"; const require = __cwtCreateRequire(import.meta.url);' },
  plugins: [prebundled],
}));

// `cwt claude guard` (src/cli-guard.ts) on its own, as CommonJS: bin/cwt.js requires it without
// starting Node's ESM loader. Its rare paths (a deny that names a cwt ticket, the team's config for
// guard.mainCheckout) import full-zod schemas; those stay separate ESM files, loaded on demand.
const LAZY = {
  [fileURLToPath(new URL("../src/core/record-schemas.ts", import.meta.url))]: "./guard-lazy/core/record-schemas.js",
  [fileURLToPath(new URL("../src/config/schema.ts", import.meta.url))]: "./guard-lazy/config/schema.js",
};
collect(await build({
  ...common,
  metafile: true,
  entryPoints: Object.keys(LAZY),
  outdir: "dist/guard-lazy",
  outbase: "src",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
}));
collect(await build({
  ...common,
  metafile: true,
  entryPoints: ["src/cli-guard.ts"],
  outfile: "dist/guard.cjs",
  // Less to parse on every edit; its errors are caught and printed as one line anyway.
  minify: true,
  format: "cjs",
  plugins: [
    {
      name: "guard-lazy",
      setup(b) {
        b.onResolve({ filter: /(record-schemas|schema)\.ts$/ }, (args) => {
          const target = LAZY[path.resolve(args.resolveDir, args.path)];
          return target ? { path: target, external: true } : undefined;
        });
      },
    },
  ],
}));

// `cwt path TICKET`'s fast answer (src/cli-path.ts), CommonJS and alone for the same reason as the
// guard: bin/cwt.js tries it first; it never loads zod, commander or simple-git.
collect(await build({ ...common, metafile: true, entryPoints: ["src/cli-path.ts"], outfile: "dist/path.cjs", minify: true, format: "cjs" }));

// The bundle carries other people's code: their licences go with it (dist/THIRD_PARTY_NOTICES.txt).
const packages = new Map();
for (const input of bundledInputs) {
  const match = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match?.[1]) packages.set(match[1], true);
}
const notices = [...packages.keys()].sort().map((dir) => {
  const meta = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = licenceFile ? readFileSync(path.join(dir, licenceFile), "utf8").trim() : `License: ${meta.license ?? "see the package"}`;
  return `${meta.name}@${meta.version} (${meta.license ?? "unknown"})\n\n${text}\n`;
});
const noticesFile = fileURLToPath(new URL("../dist/THIRD_PARTY_NOTICES.txt", import.meta.url));
writeFileSync(noticesFile, `cwt bundles the following packages into dist/.\n\n${notices.join("\n" + "-".repeat(72) + "\n\n")}`);
written.add(noticesFile);

// Chunk names carry hashes: delete what this build did not write, so old ones do not pile up.
// (Afterwards, not before: a test running meanwhile never finds dist/ empty.)
const dist = fileURLToPath(new URL("../dist", import.meta.url));
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  if (entry.isFile() && !written.has(file)) rmSync(file);
}
