#!/usr/bin/env node
// The `bgh` command. The harness is TypeScript run through tsx, so there is no build step to forget
// and what runs is exactly what is in the repository.
import { register } from "tsx/esm/api";

// `bgh scenarios | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) stream.on("error", (error) => (error.code === "EPIPE" ? process.exit(process.exitCode ?? 0) : Promise.reject(error)));

register();
const { main } = await import("./main.ts");
const { exitCodeOfSignal } = await import("../harness/lifecycle/cleanup-on-signal.ts");
const code = await main(process.argv.slice(2));
// Everything bgh started is removed before main returns; a handle still open after that (a connection
// of a run abandoned on Ctrl-C, a timer of a library) must not keep the finished command from exiting.
// While a signal's cleanup runs, it ends the process, with the signal's code.
process.exitCode = code;
if (exitCodeOfSignal() === undefined) process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
