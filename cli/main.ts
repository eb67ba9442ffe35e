import { HarnessError } from "../harness/errors/harness-error.ts";

export type Command = (args: string[]) => Promise<number>;

/**
 * Each command's module is loaded when that command runs: `bgh down`, `bgh help` or a refused argument
 * then loads a fraction of what `bgh rehearse` needs (the harness, the fake RDS, the AWS SDK), which
 * took 2.2 s of CPU for every invocation.
 */
const lazy =
  <M>(load: () => Promise<M>, pick: (module: M) => Command): Command =>
  async (args) =>
    pick(await load())(args);

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  rehearse: { run: lazy(() => import("./commands/rehearse-command.ts"), (m) => m.rehearseCommand), summary: "run scenarios and rehearsal files (all built-in ones by default) and write reports: [ID|FILE.yaml|FILE.ts...] [--engine I] [--seed N] [--keep] [--report DIR] [--parallel N] [--shard i/n] [--set NAME=V] [--fault F@POINT+MS]" },
  init: { run: lazy(() => import("./commands/init-command.ts"), (m) => m.initCommand), summary: "a starting rehearsal file, green.sql and a rollback runbook for your schema: SCHEMA.sql [--dir DIR]" },
  plan: { run: lazy(() => import("./commands/plan-command.ts"), (m) => m.planCommand), summary: "predict a rehearsal file's hazards before running it: FILE.yaml [--engine I] [--json]" },
  soak: { run: lazy(() => import("./commands/soak-command.ts"), (m) => m.soakCommand), summary: "run scenarios (all by default) many times over fresh seeds and fault placements: [ID|FILE...] --runs N | --for 2h [--parallel N] [--stop-on-failure] [--shrink] [--seed N] [--run-timeout 30m]" },
  scenarios: { run: lazy(() => import("./commands/scenarios-command.ts"), (m) => m.scenariosCommand), summary: "list the scenarios, a line each (--long: what each expects)" },
  prepare: { run: lazy(() => import("./commands/prepare-command.ts"), (m) => m.prepareCommand), summary: "make sure Docker and the engine image are ready (what `npm test` runs first)" },
  image: { run: lazy(() => import("./commands/image-command.ts"), (m) => m.imageCommand), summary: "`bgh image build [--engine IMAGE]`: build the engine image from Debian packages" },
  up: { run: lazy(() => import("./commands/up-command.ts"), (m) => m.upCommand), summary: "the fake RDS endpoint and a blue Aurora cluster ready for blue/green (--detach to background it)" },
  down: { run: lazy(() => import("./commands/down-command.ts"), (m) => m.downCommand), summary: "stop a detached `bgh up` and remove everything it started" },
  reap: { run: lazy(() => import("./commands/reap-command.ts"), (m) => m.reapCommand), summary: "remove containers and networks left by crashed runs (`--run ID`: one run's; `--all`: every bgh resource)" },
  bench: { run: lazy(() => import("./commands/bench-command.ts"), (m) => m.benchCommand), summary: "benchmarks with figures against their targets: [startup] [rds] [catalogue] [checker] [ledger]" },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return [
    "usage: bgh <command> [options]",
    "",
    ...lines,
    "",
    "Environment: BGH_MYSQL_IMAGE (default mysql:8.0), DOCKER_HOST, BGH_DEBIAN_MIRROR.",
  ].join("\n");
}

function commandUsage(name: string): string {
  return `bgh ${name}: ${COMMANDS[name]?.summary}\n\nAll commands: \`bgh help\`. Options and examples: README.md.`;
}

const isHelp = (arg: string | undefined) => arg === "help" || arg === "--help" || arg === "-h";

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || isHelp(name)) {
    // `bgh help rehearse` as well as `bgh rehearse --help`.
    const asked = args[0];
    if (asked && Object.hasOwn(COMMANDS, asked)) {
      console.log(commandUsage(asked));
      return 0;
    }
    console.log(usage());
    return name ? 0 : 2;
  }
  // Own keys only: `bgh toString` is an unknown command, not Object.prototype's.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`bgh: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (args.some((arg) => arg === "--help" || arg === "-h")) {
    console.log(commandUsage(name));
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof HarnessError) {
      console.error(`\nbgh ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
