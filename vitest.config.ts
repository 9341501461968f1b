import { defineConfig } from "vitest/config";

export default defineConfig({
  define: { __CWT_VERSION__: JSON.stringify("0.0.0-test") },
  test: {
    restoreMocks: true,
    clearMocks: true,
    unstubEnvs: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts"] } },
      { extends: true, test: { name: "integration", include: ["test/integration/**/*.test.ts"] } },
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"] } },
      // The shell function and completion scripts in real bash, zsh and fish (test/shells/setup.ts installs zsh, fish, tmux when missing).
      { extends: true, test: { name: "shells", include: ["test/shells/**/*.test.ts"], globalSetup: ["test/shells/setup.ts"] } },
      // The real Claude Code, offline (test/lab/setup.ts installs the pinned version once).
      { extends: true, test: { name: "lab", include: ["test/lab/**/*.test.ts"], globalSetup: ["test/lab/setup.ts"], testTimeout: 120_000 } },
    ],
  },
});
