import { existsSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HarnessError } from "../errors/harness-error.ts";

/** Seed 000's strategy 2 as a runbook, shipped with the package: what `bgh init` starts a team from. */
const EXAMPLE_RUNBOOK = fileURLToPath(new URL("../../examples/seed-000-strategy-2/rollback-strategy-2.sh", import.meta.url));

export interface InitResult {
  files: string[];
}

/**
 * Writes a starting rehearsal for a team's schema into `folder`: rehearsal.yaml (blue from the
 * schema, generated data, a workload, a deployment, green's change from green.sql, switchover and a
 * rollback by the runbook), green.sql (where the team's ALTERs go) and rollback-runbook.sh (seed 000's
 * strategy 2). Existing files are never overwritten.
 */
export function initRehearsal(schemaFile: string, folder: string): InitResult {
  const schema = path.resolve(schemaFile);
  if (!existsSync(schema)) throw new HarnessError({ what: `bgh init ${schemaFile}`, cause: `${schema} does not exist`, fix: "give your schema as mysqldump --no-data writes it: mysqldump --no-data --routines --triggers DB > schema.sql" });
  mkdirSync(folder, { recursive: true });
  const targets = { rehearsal: path.join(folder, "rehearsal.yaml"), green: path.join(folder, "green.sql"), runbook: path.join(folder, "rollback-runbook.sh") };
  const existing = Object.values(targets).filter((file) => existsSync(file));
  if (existing.length > 0) throw new HarnessError({ what: `bgh init ${schemaFile}`, cause: `${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""}`, fix: "run it in another folder (--dir), or move those files away: bgh init never overwrites" });
  const text = readFileSync(schema, "utf8");
  const database = databaseOf(text) ?? (path.basename(schema).replace(/\.sql$/i, "").replace(/[^A-Za-z0-9_]+/g, "_") || "app");
  const cluster = database.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[^a-z]+/, "").replace(/-$/, "") || "app-db";
  writeFileSync(targets.rehearsal, rehearsalText(path.relative(folder, schema) || schema, database, cluster));
  writeFileSync(targets.green, "-- Green's change: your ALTERs, run on green by the change-green step (bgh plan predicts what they do).\n-- ALTER TABLE orders MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT;\n");
  writeFileSync(targets.runbook, readFileSync(EXAMPLE_RUNBOOK, "utf8"));
  chmodSync(targets.runbook, 0o755);
  return { files: Object.values(targets) };
}

/** The database a dump chooses (`CREATE DATABASE` or `USE`), if it says. */
function databaseOf(text: string): string | undefined {
  return /^\s*(?:CREATE DATABASE(?: \/\*!32312 IF NOT EXISTS\*\/| IF NOT EXISTS)?|USE)\s+`?([A-Za-z0-9_$]+)`?/im.exec(text)?.[1];
}

function rehearsalText(schema: string, database: string, cluster: string): string {
  return `# yaml-language-server: $schema=https://github.com/blue-green-harness/bgh/schema/rehearsal.schema.json
# A rehearsal of your blue/green change and its rollback, written by \`bgh init\`. Run it with
#   npx bgh plan rehearsal.yaml       # what replication will do to your changed columns
#   npx bgh rehearse rehearsal.yaml   # the whole journey, against real servers behind a fake RDS
name: Our change on green, switchover under load, and the rollback runbook
cluster:
  name: ${cluster}
  readers: 0
  binlog-retention-hours: 24
database: ${database}
schema: ${schema}
data:
  rows: 1000          # per table; or per table: { orders: 5000, customers: 100 }
workload:
  writers: 2
  rate: 100           # writes per second, through the cluster endpoint, every acknowledged one ledgered
green:
  sql: green.sql
  parameters:
    replica_type_conversions: ALL_NON_LOSSY   # what green needs if green.sql widens a column
rollback-window-hours: 24
steps:
  - name: create the blue/green deployment
    action: create-deployment
  - name: change green
    action: change-green
  - name: green caught up
    action: wait
    with: { caught-up: green }
  - name: switch over
    action: switchover
    with: { timeout-seconds: 120 }
  - name: rollback runbook
    run: ./rollback-runbook.sh
    timeout-seconds: 300
  - name: the application moves back to old blue
    action: move-application-back
    with: { rollback: false }
expect:
  no-lost-writes: { on: blue }
  max-write-outage-seconds: 120
`;
}
