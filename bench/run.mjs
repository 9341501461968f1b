// `npm run bench`: cwt against the raw git commands that do the same work, alternated in the same
// run after a warm-up, on repositories this script generates. Prints medians, the ratio cwt / git
// and peak memory, and writes bench/RESULTS.md. Never part of the test suite's pass/fail.
//   CWT_BENCH_QUICK=1 npm run bench   fewer runs and smaller repositories (a smoke run)
//   CWT_BENCH_ONLY=startup,guard,create,list,remove,copy,sparse npm run bench   only those pairs
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CWT = path.join(ROOT, "bin", "cwt.js");
const QUICK = process.env.CWT_BENCH_QUICK === "1";
// CWT_BENCH_ONLY=remove,list runs only those pairs (and leaves RESULTS.md alone).
const ONLY = process.env.CWT_BENCH_ONLY;
const want = (key) => !ONLY || ONLY.split(",").includes(key);
const TMP = mkdtempSync(path.join(os.tmpdir(), "cwt-bench-"));
const HAS_TIME = spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;
const ENV = {
  PATH: process.env.PATH,
  HOME: path.join(TMP, "home"),
  TMPDIR: os.tmpdir(),
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_SYSTEM: "/dev/null",
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
  LANG: "C",
  LC_ALL: "C",
  NO_COLOR: "1",
  CWT_LOCK_WAIT: "60",
};
mkdirSync(ENV.HOME);

function sh(cmd, args, cwd, input) {
  const r = spawnSync(cmd, args, { cwd, env: ENV, encoding: "utf8", input, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Runs a command once (`input`: what it reads on stdin): wall milliseconds and peak resident memory (MiB, where /usr/bin/time exists). */
function measure(argv, cwd, input) {
  const memFile = path.join(TMP, "mem.txt");
  const wrapped = HAS_TIME ? ["/usr/bin/time", "-f", "%M", "-o", memFile, ...argv] : argv;
  const start = process.hrtime.bigint();
  const stdin = input === undefined ? "ignore" : "pipe";
  const r = spawnSync(wrapped[0], wrapped.slice(1), { cwd, env: ENV, stdio: [stdin, "ignore", "pipe"], encoding: "utf8", input });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  const mem = HAS_TIME ? Number(readFileSync(memFile, "utf8").trim().split("\n").pop()) / 1024 : NaN;
  return { ms, mem };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Alternates cwt and git `runs` times after `warmup` rounds; `prepare(i)` runs untimed before each. */
function pair({ name, target, runs, warmup = 2, cwt, git, prepare = () => {}, memTarget }) {
  const a = [];
  const b = [];
  for (let i = 0; i < warmup + runs; i++) {
    const first = i % 2 === 0 ? ["cwt", cwt] : ["git", git];
    const second = i % 2 === 0 ? ["git", git] : ["cwt", cwt];
    for (const [who, make] of [first, second]) {
      const { argv, cwd, input } = make(i);
      prepare(i, who);
      const m = measure(argv, cwd, input);
      if (i >= warmup) (who === "cwt" ? a : b).push(m);
    }
  }
  const result = {
    name,
    target,
    cwtMs: median(a.map((m) => m.ms)),
    gitMs: median(b.map((m) => m.ms)),
    cwtMem: Math.max(...a.map((m) => m.mem)),
    memTarget,
    // Each round's own ratio (cwt and reference ran back to back): the spread a median hides.
    rounds: a.map((m, i) => m.ms / (b[i]?.ms ?? NaN)),
  };
  result.ratio = result.cwtMs / result.gitMs;
  console.log(`${name}: cwt ${result.cwtMs.toFixed(1)} ms, reference ${result.gitMs.toFixed(1)} ms, ratio ${result.ratio.toFixed(2)} (target ${target ?? "none"}), cwt peak ${result.cwtMem.toFixed(0)} MiB`);
  return result;
}

function makeRepo(dir, folders, filesPer) {
  mkdirSync(dir, { recursive: true });
  sh("git", ["init", "-q", "-b", "main"], dir);
  for (let f = 0; f < folders; f++) {
    mkdirSync(path.join(dir, `pkg${f}`));
    for (let i = 0; i < filesPer; i++) writeFileSync(path.join(dir, `pkg${f}`, `file${i}.ts`), `export const v${i} = ${f * 1000 + i};\n`);
  }
  writeFileSync(path.join(dir, ".gitignore"), "node_modules/\n");
  sh("git", ["add", "-A"], dir);
  sh("git", ["commit", "-q", "-m", "initial"], dir);
  for (let c = 1; c <= 4; c++) {
    for (let i = 0; i < 50; i++) writeFileSync(path.join(dir, `pkg${(c * 7 + i) % folders}`, `file${i}.ts`), `export const changed = ${c};\n`);
    sh("git", ["commit", "-q", "-am", `change ${c}`], dir);
  }
  return dir;
}

/**
 * A big repository, fast: `folders` × `filesPer` paths written by git fast-import from 8 blobs
 * shared by all of them (seconds, not minutes), then checked out in the main checkout.
 */
function makeBigRepo(dir, folders, filesPer) {
  mkdirSync(dir, { recursive: true });
  sh("git", ["init", "-q", "-b", "main"], dir);
  const parts = [];
  for (let b = 1; b <= 8; b++) {
    const data = `export const v = ${b};\n`.repeat(b * 4);
    parts.push(`blob\nmark :${b}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
  }
  parts.push("commit refs/heads/main\ncommitter Bench <bench@example.com> 1767225600 +0000\ndata 8\ninitial\n");
  for (let f = 0; f < folders; f++) {
    for (let i = 0; i < filesPer; i++) parts.push(`M 100644 :${((f * 31 + i) % 8) + 1} pkg${f}/sub${i % 10}/file${i}.ts\n`);
  }
  parts.push("M 100644 :1 README.md\n\n");
  sh("git", ["fast-import", "--quiet"], dir, parts.join(""));
  sh("git", ["reset", "-q", "--hard"], dir);
  return dir;
}

/** Removes every linked worktree and its branch (untimed, between runs: 100,000 files each). */
function clearWorktrees(repo) {
  const listed = sh("git", ["worktree", "list", "--porcelain"], repo).split("\n\n").slice(1);
  for (const block of listed) {
    const wt = block.match(/^worktree (.*)$/m)?.[1];
    const branch = block.match(/^branch refs\/heads\/(.*)$/m)?.[1];
    if (wt) sh("git", ["worktree", "remove", "--force", wt], repo);
    if (branch) sh("git", ["branch", "-q", "-D", branch], repo);
  }
}

const node = process.execPath;
const results = [];
const FOLDERS = QUICK ? 10 : 50;
const FILES = QUICK ? 20 : 100;
const RUNS = QUICK ? 3 : 10;

// 1. start-up
const medium = makeRepo(path.join(TMP, "medium"), FOLDERS, FILES);
sh(node, [CWT, "new", "T"], medium);
if (want("startup")) results.push(pair({ name: "start-up: cwt --version vs node -e 0", target: 1.3, runs: RUNS * 2, cwt: () => ({ argv: [node, CWT, "--version"], cwd: medium }), git: () => ({ argv: [node, "-e", "0"], cwd: medium }) }));
if (want("startup")) results.push(pair({ name: "start-up: cwt path T vs node -e 0", target: 1.3, runs: RUNS * 2, cwt: () => ({ argv: [node, CWT, "path", "T"], cwd: medium }), git: () => ({ argv: [node, "-e", "0"], cwd: medium }) }));

// 1b. the edit guard: Claude Code runs `cwt claude guard` before every Edit/Write, so its start-up is
// paid on every edit. The common case: a session in a worktree writes a file of its own worktree.
if (want("guard")) {
  const worktree = path.join(medium, ".claude", "worktrees", "T");
  const content = Array.from({ length: 300 }, (_, i) => `export function f${i}(x: number): number {\n  return x * ${i} + 1;\n}\n`).join("");
  const payload = JSON.stringify({
    session_id: "8a1f7c3e-5b2d-4e6f-9a0b-1c2d3e4f5a6b",
    transcript_path: path.join(ENV.HOME, ".claude", "projects", "bench", "8a1f7c3e-5b2d-4e6f-9a0b-1c2d3e4f5a6b.jsonl"),
    cwd: worktree,
    permission_mode: "acceptEdits",
    hook_event_name: "PreToolUse",
    tool_name: "Write",
    tool_input: { file_path: path.join(worktree, "pkg1", "generated.ts"), content },
    tool_use_id: "toolu_01AbCdEfGhIjKlMnOpQrStUv",
  });
  const check = spawnSync(node, [CWT, "claude", "guard"], { cwd: worktree, env: ENV, input: payload, encoding: "utf8" });
  if (check.status !== 0 || check.stderr !== "") throw new Error(`cwt claude guard did not allow the bench's edit (${check.status}): ${check.stderr}`);
  results.push(
    pair({
      name: `guard: cwt claude guard (a ${Math.round(payload.length / 1024)} KB Write in its own worktree) vs node -e 0`,
      target: 1.3,
      runs: RUNS * 2,
      cwt: () => ({ argv: [node, CWT, "claude", "guard"], cwd: worktree, input: payload }),
      git: () => ({ argv: [node, "-e", "0"], cwd: worktree, input: payload }),
    }),
  );
}

// 2. create
if (want("create")) results.push(
  pair({
    name: "create: cwt new vs git worktree add -b",
    target: 1.15,
    runs: RUNS,
    cwt: (i) => ({ argv: [node, CWT, "new", `C-${i}`], cwd: medium }),
    git: (i) => ({ argv: ["git", "worktree", "add", "-q", "-b", `plain-${i}`, path.join(TMP, "plain", `p-${i}`)], cwd: medium }),
  }),
);

// 2b. the floor of any Node.js CLI that wraps this git command: node starting, then running only
// `git worktree add -b` (no module of cwt's, no lookup). Not a target: it tells how much of create's
// ratio is Node itself.
const FLOOR = "const r = require('node:child_process').spawnSync('git', process.argv.slice(1), { stdio: 'inherit' }); process.exitCode = r.status ?? 1;";
if (want("create")) results.push(
  pair({
    name: "create floor: node running only git worktree add -b vs git worktree add -b",
    target: null,
    runs: RUNS,
    cwt: (i) => ({ argv: [node, "-e", FLOOR, "worktree", "add", "-q", "-b", `floor-${i}`, path.join(TMP, "floor", `f-${i}`)], cwd: medium }),
    git: (i) => ({ argv: ["git", "worktree", "add", "-q", "-b", `plain2-${i}`, path.join(TMP, "plain2", `p-${i}`)], cwd: medium }),
  }),
);

// 3. list on 200 worktrees
if (want("list")) {
const WORKTREES = QUICK ? 20 : 200;
const many = makeRepo(path.join(TMP, "many"), FOLDERS, FILES);
for (let i = 0; i < WORKTREES; i++) {
  sh("git", ["worktree", "add", "-q", "-b", `w-${i}`, path.join(many, ".claude", "worktrees", `W-${i}`)], many);
  if (i % 10 === 0) writeFileSync(path.join(many, ".claude", "worktrees", `W-${i}`, "untracked.txt"), "u");
}
const listScript = `git worktree list --porcelain | sed -n 's/^worktree //p' | xargs -P 2 -I{} git -C {} status --porcelain=v2 --branch > /dev/null`;
results.push(
  pair({
    name: `list: cwt list --json on ${WORKTREES} worktrees vs 2 parallel git status per worktree`,
    target: 1.2,
    memTarget: 150,
    runs: QUICK ? 3 : 6,
    warmup: 1,
    cwt: () => ({ argv: [node, CWT, "list", "--json"], cwd: many }),
    git: () => ({ argv: ["bash", "-c", listScript], cwd: many }),
  }),
);
}

// 4. remove 50 clean worktrees
if (want("remove")) {
const CLEAN = QUICK ? 10 : 50;
const removeRepo = makeRepo(path.join(TMP, "remove"), QUICK ? 5 : 10, FILES);
const refill = () => {
  for (let i = 0; i < CLEAN; i++) sh(node, [CWT, "new", `R-${i}`], removeRepo);
};
const removeScript = `for i in $(seq 0 ${CLEAN - 1}); do git worktree remove .claude/worktrees/R-$i && git branch -q -d worktree-R-$i; done`;
results.push(
  pair({
    name: `remove: cwt prune --stale 0d --yes on ${CLEAN} clean worktrees vs git worktree remove + git branch -d`,
    target: 1.2,
    runs: QUICK ? 2 : 3,
    warmup: 0,
    prepare: refill,
    cwt: () => ({ argv: [node, CWT, "prune", "--stale", "0d", "--yes"], cwd: removeRepo }),
    git: () => ({ argv: ["bash", "-c", removeScript], cwd: removeRepo }),
  }),
);
}

// 5. copy a 20,000-file ignored tree named by .worktreeinclude
if (want("copy")) {
const copyRepo = makeRepo(path.join(TMP, "copy"), QUICK ? 5 : 10, FILES);
const DEPS = QUICK ? 2000 : 20000;
for (let i = 0; i < DEPS; i++) {
  const dir = path.join(copyRepo, "node_modules", `dep${Math.floor(i / 100)}`);
  if (i % 100 === 0) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `f${i % 100}.js`), `module.exports = ${i};\n`);
}
writeFileSync(path.join(copyRepo, ".worktreeinclude"), "node_modules/\n");
sh("git", ["add", ".worktreeinclude"], copyRepo);
sh("git", ["commit", "-q", "-m", "include"], copyRepo);
results.push(
  pair({
    name: `copy: cwt new with a ${DEPS}-file .worktreeinclude tree vs git worktree add + cp -a`,
    target: 1.1,
    runs: QUICK ? 2 : 7, // disk-bound: its rounds spread widely on a VM
    warmup: 1,
    cwt: (i) => ({ argv: [node, CWT, "new", `CP-${i}`], cwd: copyRepo }),
    git: (i) => ({
      argv: ["bash", "-c", `git worktree add -q -b raw-${i} ../raw-${i} && cp -a node_modules ../raw-${i}/`],
      cwd: copyRepo,
    }),
  }),
);
}

// 6. sparse worktrees in a big repository: a full cwt new against git, then a sparse one (2 of the
// 100 folders, cwt's sparsePaths) against the full one.
if (want("sparse")) {
  const PER = QUICK ? 200 : 1000;
  const FILES_BIG = 100 * PER + 1;
  const full = makeBigRepo(path.join(TMP, "big-full"), 100, PER);
  const sparse = makeBigRepo(path.join(TMP, "big-sparse"), 100, PER);
  writeFileSync(path.join(sparse, "cwt.config.json"), `${JSON.stringify({ sparsePaths: ["pkg1", "pkg2"] })}\n`);
  const runs = QUICK ? 2 : 3; // each full run writes 100,000 files (and the next one waits for their removal)
  results.push(
    pair({
      name: `sparse: full cwt new vs git worktree add -b, ${FILES_BIG} files`,
      target: 1.15,
      runs,
      warmup: 1,
      prepare: () => clearWorktrees(full),
      cwt: (i) => ({ argv: [node, CWT, "new", `F-${i}`], cwd: full }),
      git: (i) => ({ argv: ["git", "worktree", "add", "-q", "-b", `plain-${i}`, path.join(TMP, "big-plain", `p-${i}`)], cwd: full }),
    }),
  );
  const r = pair({
    name: `sparse: cwt new with sparsePaths (2 of 100 folders) vs full cwt new, ${FILES_BIG} files`,
    target: 0.25,
    runs,
    warmup: 1,
    prepare: () => {
      clearWorktrees(full);
      clearWorktrees(sparse);
    },
    cwt: (i) => ({ argv: [node, CWT, "new", `S-${i}`], cwd: sparse }),
    git: (i) => ({ argv: [node, CWT, "new", `F-${i}`], cwd: full }),
  });
  r.name += ` (speed-up full/sparse ${(r.gitMs / r.cwtMs).toFixed(1)}×)`;
  console.log(`sparse speed-up (full cwt new / sparse cwt new): ${(r.gitMs / r.cwtMs).toFixed(1)}×`);
  results.push(r);
}

// RESULTS.md
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const gitVersion = sh("git", ["--version"], TMP).trim();
const lines = [
  "# Benchmark results",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, ${gitVersion}.`,
  `Command: \`npm run bench\`${QUICK ? " (CWT_BENCH_QUICK=1)" : ""}. Medians of alternated runs after a warm-up; ratio = cwt / reference.`,
  "",
  "| pair | cwt (ms) | reference (ms) | ratio | rounds' ratios (min–max) | target | met | cwt peak memory (MiB) |",
  "|---|---:|---:|---:|---:|---:|:-:|---:|",
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.cwtMs.toFixed(1)} | ${r.gitMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${Math.min(...r.rounds).toFixed(2)}–${Math.max(...r.rounds).toFixed(2)} | ${r.target === null ? "(floor)" : `≤ ${r.target}`} | ${r.target === null ? "–" : r.ratio <= r.target && (!r.memTarget || r.cwtMem <= r.memTarget) ? "yes" : "no"} | ${Number.isFinite(r.cwtMem) ? r.cwtMem.toFixed(0) : "n/a"}${r.memTarget ? ` (≤ ${r.memTarget})` : ""} |`,
  ),
  "",
];
if (!QUICK && !ONLY) writeFileSync(path.join(ROOT, "bench", "RESULTS.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
rmSync(TMP, { recursive: true, force: true });
