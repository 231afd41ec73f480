#!/usr/bin/env node
// Entry point for `npx protection`: runs the TypeScript CLI through tsx, no build step needed.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv);
