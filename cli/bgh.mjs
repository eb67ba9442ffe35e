#!/usr/bin/env node
// The `bgh` command. The harness is TypeScript run through tsx, so there is no build step to forget
// and what runs is exactly what is in the repository.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
