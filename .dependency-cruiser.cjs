// The stage rule of README's "Layout": files → loaders → warehouse → pipelines → site, each stage in its folder.
// loaders/, pipelines/ and src/ import warehouse/ and never each other; warehouse/ imports no stage; cli/
// orchestrates them all; demo/ writes files and imports nothing of the product. Checked by
// test/structure.test.ts (npm test), which names every import that breaks a rule.
const STAGES = ["loaders", "pipelines", "src", "warehouse", "cli", "demo", "bench", "test"];
const others = (...allowed) => STAGES.filter((s) => !allowed.includes(s)).map((s) => `^${s}/`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...[
      ["warehouse-imports-no-stage", "warehouse", [], "warehouse/ is what every stage shares: it cannot depend on any of them"],
      ["loaders-only-warehouse", "loaders", ["warehouse"], "loaders/ read and validate files; they share only warehouse/"],
      ["pipelines-only-warehouse", "pipelines", ["warehouse"], "pipelines/ compute from warehouse tables; never the file readers or the site"],
      ["site-only-warehouse", "src", ["warehouse"], "src/ presents pipeline tables, read-only; never loaders/ or pipelines/"],
      ["cli-orchestrates", "cli", ["loaders", "pipelines", "src", "warehouse", "demo"], "cli/ may use every stage, but not tests or benchmarks"],
      ["demo-writes-files-only", "demo", [], "demo/ generates the files an IMO would receive; it knows nothing of how they are read"]
    ].map(([name, stage, allowed, comment]) => ({ name, comment, severity: "error", from: { path: `^${stage}/` }, to: { path: others(stage, ...allowed) } })),
    {
      name: "no-circular",
      comment: "import circles make load order and ownership unclear",
      severity: "error",
      from: {},
      to: { circular: true }
    }
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "\\.d\\.ts$", "^bin/\\.bundle", "^dist", "^test/\\.tmp", "\\.observablehq"] },
    // type-only imports count: a circle through types is still a circle in the design
    tsPreCompilationDeps: true,
    // TypeScript 7 (the native compiler) has no JavaScript API for dependency-cruiser to parse with; swc parses instead
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".d.ts"] }
  }
};
