import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/.tmp/**", "node_modules/**"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // DuckDB files and the built site are shared resources: run files one at a time on 2 cores
    fileParallelism: false
  }
});
