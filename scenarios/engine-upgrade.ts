import type { EngineImage } from "../harness/images/engine-image.ts";
import { describeVersion } from "../harness/engine/server-version.ts";
import type { StartedMysqlNode } from "../harness/node/started-mysql-node.ts";
import { waitForCatchUp } from "../harness/replication/catch-up.ts";
import { describeStatus, readReplicationStatus, type ReplicationStatus } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { openConnection } from "../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { sleep, waitUntil } from "../harness/wait/wait-until.ts";
import { startLedgerWorkload } from "../harness/workload/ledger-workload.ts";
import type { ApplicationOptions } from "./support/application-options.ts";
import { finishReverseReplication, startReverseReplication } from "./support/reverse-replication.ts";
import { startScenarioRds } from "./support/scenario-rds.ts";
import { deployAndSwitchOver } from "./support/switchover-journey.ts";

export interface EngineUpgradeOptions extends ApplicationOptions {
  /** TargetEngineVersion (default: MariaDB 11.8.3 from a 10.x blue, MySQL 8.4.6 from an 8.0 blue). */
  targetEngineVersion: string;
  /** How long the application writes on the upgraded primary while old blue replicates back from it. */
  reverseWriteMs: number;
}

const DEFAULTS: Omit<EngineUpgradeOptions, "targetEngineVersion"> = {
  cluster: "ledger-db",
  table: { schema: "bank", table: "ledger", key: "id", value: "amount" },
  writers: 3,
  firstKey: 1n,
  seed: 23,
  reverseWriteMs: 3000,
};

/** Blue's RDS engine and version from the engine the run uses, and the next major version RDS upgrades it to. */
function upgradePair(engine: EngineImage): { engine: "mariadb" | "mysql"; from: string; to: string } {
  const version = engine.dialect.version;
  const from = `${version.major}.${version.minor}.${version.patch}`;
  return version.flavor === "mariadb" ? { engine: "mariadb", from, to: "11.8.3" } : { engine: "mysql", from, to: "8.4.6" };
}

/**
 * An engine upgrade by blue/green through the RDS API, as a user's script does it: blue on one major
 * version (MariaDB 10.11; MySQL 8.0 where mysql:8.0 and mysql:8.4 can be had), CreateBlueGreenDeployment
 * with TargetEngineVersion (green starts on the newer engine's image and replicates from blue), under a
 * ledgered write load, switchover: nothing acknowledged may be lost, and the primary now runs the new
 * version. Then the upgrade's own hazard: the rollback by reverse replication (seed 000, strategy 2)
 * from the upgraded primary into old blue, older, which replication across versions does not promise.
 * What it does on real servers (MariaDB 11.8.9 into 10.11.18, measured): old blue applies the newer
 * primary's row events and a utf8mb4 table created with 11.x's default collation (utf8mb4_uca1400_ai_ci,
 * which 10.10+ knows), and the rollback loses no acknowledged write; a table with a VECTOR column
 * (11.7+) stops old blue's applier with error 4161 "Unknown data type", and everything after it would
 * stay on the new primary: once the application uses the new version's features, this rollback is gone.
 */
export const engineUpgrade: Scenario<EngineUpgradeOptions> = {
  id: "engine-upgrade",
  title: "Engine upgrade on green (TargetEngineVersion), switchover under load, then a rollback by reverse replication into the older engine",
  expectation:
    "green reports TargetEngineVersion and runs the newer engine; the switchover loses no acknowledged write and the primary then runs the new version; rolling back by reverse replication into the older old blue carries row writes and a utf8mb4 table with the new default collation, losing nothing, but a table using a type only the new version has (MariaDB's VECTOR) stops old blue's replica with the engine's error",
  appliesTo: {
    engines: [
      { flavor: "mariadb", from: "10.5", below: "11.8" },
      { flavor: "mysql", from: "8.0", below: "8.4" },
    ],
    reason: "it upgrades blue to the next major version (MariaDB to 11.8, MySQL 8.0 to 8.4); blue must run an older one",
  },
  async run(context, overrides) {
    const pair = upgradePair(context.engine);
    const options: EngineUpgradeOptions = { ...DEFAULTS, targetEngineVersion: pair.to, ...overrides };
    const { table } = options;
    const checks: ScenarioCheck[] = [];
    const figures: Record<string, number | string> = {};
    const fake = await startScenarioRds(context, options.cluster, { engine: pair.engine, engineVersion: pair.from });
    return usingEnvironment(context, fake, async () => {
      const { rds, record } = fake;
      const setup = await fake.connect();
      await setup.query(`CREATE DATABASE ${sqlIdentifier(table.schema)}`);
      await setup.query(`CREATE TABLE ${sqlTable(table.schema, table.table)} (${sqlIdentifier(table.key)} BIGINT PRIMARY KEY, ${sqlIdentifier(table.value)} BIGINT NOT NULL)`);
      await setup.end();

      let applicationEndpoint = fake.target();
      const load = startLedgerWorkload(() => applicationEndpoint, { table, writers: options.writers, firstKey: options.firstKey, maxValue: 10n ** 12n, maxDurationMs: 300_000, seed: context.seed ?? options.seed, pauseMs: 5 });

      context.log(`blue ${pair.engine} ${pair.from}: blue/green deployment with TargetEngineVersion ${options.targetEngineVersion}, switchover under write load`);
      let greenSeen: { version: string; engineVersion: string; upgradeTask: string } | undefined;
      const journey = await deployAndSwitchOver(fake, {
        name: `${options.cluster}-upgrade`,
        targetEngineVersion: options.targetEngineVersion,
        switchoverTimeoutSeconds: 120,
        changeGreen: async (green, greenCluster) => {
          const { DBClusters } = await rds.describeDBClusters({ DBClusterIdentifier: greenCluster });
          const { BlueGreenDeployments } = await rds.describeBlueGreenDeployments({});
          const task = BlueGreenDeployments?.flatMap((deployment) => deployment.Tasks ?? []).find((item) => item.Name === "DB_ENGINE_VERSION_UPGRADE");
          greenSeen = { version: await serverVersion(green), engineVersion: DBClusters?.[0]?.EngineVersion ?? "", upgradeTask: task?.Status ?? "(no task)" };
        },
      });
      const blueServer = describeVersion(journey.oldBlue.dialect.version);
      const greenServer = describeVersion(journey.newPrimary.dialect.version);
      figures.blueEngine = `${pair.engine} ${pair.from} (${blueServer})`;
      figures.greenEngine = `${pair.engine} ${options.targetEngineVersion} (${greenServer})`;
      record.event("bgh", `green: EngineVersion ${greenSeen?.engineVersion}, server ${greenSeen?.version}; blue: ${blueServer}`);
      checks.push(
        check(
          "green reports TargetEngineVersion and runs the newer engine",
          greenSeen?.engineVersion === options.targetEngineVersion && greenSeen.upgradeTask === "COMPLETED" && isNewerServer(journey.newPrimary, journey.oldBlue),
          `DescribeDBClusters: ${greenSeen?.engineVersion}, DB_ENGINE_VERSION_UPGRADE ${greenSeen?.upgradeTask}; green runs ${greenSeen?.version}, blue ${blueServer}`,
        ),
      );
      checks.push(check("the switchover completed under write load", journey.status === "SWITCHOVER_COMPLETED", `${journey.status} ${journey.statusDetails}`));
      const { DBClusters: after } = await rds.describeDBClusters({ DBClusterIdentifier: options.cluster });
      const app = await fake.connect();
      const [[served]] = (await app.query("SELECT VERSION() AS version")) as unknown as [[{ version: string }]];
      await app.end();
      checks.push(
        check(
          `after the switchover ${options.cluster} is the new version`,
          after?.[0]?.EngineVersion === options.targetEngineVersion && served.version === (await serverVersion(journey.newPrimary)),
          `DescribeDBClusters ${options.cluster}: ${after?.[0]?.EngineVersion}; the cluster endpoint serves ${served.version}`,
        ),
      );
      await sleep(1500); // writes land on the upgraded primary

      context.log(`the hazard: old blue (${blueServer}) replicates back from the upgraded primary (${greenServer}) from ${journey.coordinates.file}:${journey.coordinates.position}`);
      const oldEndpoint = fake.target(journey.oldBlueCluster);
      const old = await openConnection(oldEndpoint);
      let afterDml: ReplicationStatus | undefined;
      await record.phase("reverse replication into the older engine", async () => {
        await startReverseReplication(old, journey.newPrimary, { from: "coordinates", coordinates: journey.coordinates });
        await sleep(options.reverseWriteMs);
        afterDml = await settledStatus(journey.oldBlue);
      });
      figures.reverseAfterWrites = describeStatus(afterDml!);
      checks.push(check(`the application's row writes replicate from ${greenServer} into ${blueServer}`, brokenBy(afterDml!) === null, describeStatus(afterDml!)));

      // What an application does once on the new version: a new table, created with the new server's defaults.
      const notes = sqlTable(table.schema, `${table.table}_notes`);
      const ddl = await fake.connect();
      await ddl.query(`CREATE TABLE ${notes} (id BIGINT PRIMARY KEY, note VARCHAR(64) NOT NULL) DEFAULT CHARSET=utf8mb4`);
      await ddl.query(`INSERT INTO ${notes} VALUES (1, ?)`, [NOTE]);
      const [[created]] = (await ddl.query(`SELECT TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`, [table.schema, `${table.table}_notes`])) as unknown as [[{ collation: string }]];
      await ddl.end();
      // Applied, or stopped with the error that stopped it (settledStatus then reports it).
      await waitForCatchUp(journey.oldBlue, journey.newPrimary, 30_000).catch(() => undefined);
      const afterDdl = await settledStatus(journey.oldBlue);
      figures.newTableCollation = created.collation;
      figures.reverseAfterNewTable = describeStatus(afterDdl);
      const [noteOnOld] = await journey.oldBlue.query(`SELECT note FROM ${notes} WHERE id = 1`).catch(() => [undefined]);
      checks.push(
        check(
          `a utf8mb4 table created on ${greenServer} (${created.collation}) replicates into ${blueServer} intact`,
          brokenBy(afterDdl) === null && noteOnOld?.note === NOTE,
          `${describeStatus(afterDdl)}; on old blue: ${noteOnOld === undefined ? "no such row" : JSON.stringify(noteOnOld.note)}`,
        ),
      );

      context.log("rollback: the new primary read-only, old blue catches up");
      await record.phase("rollback", async () => {
        await journey.newPrimary.query(`SET GLOBAL ${journey.newPrimary.dialect.writeFenceVariable} = 1`);
        await waitForCatchUp(journey.oldBlue, journey.newPrimary, 60_000);
      });
      const result = await load.stop();
      record.workload(result);
      const verdict = await result.ledger.verify(journey.oldBlue, table);
      record.ledgerVerdict(verdict, result, "old blue after the rollback", `${table.schema}.${table.table}`);
      figures.acknowledgedWrites = result.acknowledged;
      checks.push(check("every acknowledged write of the journey is on old blue after the rollback", verdict.ok, `${verdict.acknowledged} acknowledged, ${verdict.lost} lost, ${verdict.changed} changed, ${verdict.inDoubt} in doubt`));

      // Had the application used a feature only the new version has, the rollback would have stopped there.
      const feature = featureOnlyNewerHas(journey.newPrimary, table.schema);
      let afterFeature: ReplicationStatus | undefined;
      if (feature) {
        await journey.newPrimary.query(feature.sql);
        // Applied (caught up), or stopped: the catch-up ends with the replica's error, which the status then shows.
        await waitForCatchUp(journey.oldBlue, journey.newPrimary, 30_000).catch(() => undefined);
        afterFeature = await settledStatus(journey.oldBlue);
        const featureError = brokenBy(afterFeature);
        figures.reverseAfterNewFeature = describeStatus(afterFeature);
        if (featureError) record.finding({ subject: "reverse replication", kind: "replication", detail: `${blueServer} replicating from ${greenServer}, ${feature.what}: ${describeStatus(afterFeature)}` });
        checks.push(check(`${feature.what} on ${greenServer} stops reverse replication into ${blueServer} with the engine's error`, featureError !== null, describeStatus(afterFeature)));
      }
      await finishReverseReplication(old, journey.oldBlue);
      await old.end();
      return { reached: checks.every((item) => item.passed), checks, figures, details: { verdict, afterDml, afterDdl, afterFeature } };
    });
  },
};

const NOTE = "zurück auf die alte Version ✓";

/** A table only the newer engine can create: MariaDB's VECTOR type (11.7+). MySQL 8.4 adds no such type over 8.0 (VECTOR is 9.0+): none there. */
function featureOnlyNewerHas(node: StartedMysqlNode, schema: string): { what: string; sql: string } | undefined {
  if (node.dialect.version.flavor !== "mariadb") return undefined;
  return { what: "a table with a VECTOR column (MariaDB 11.7+)", sql: `CREATE TABLE ${sqlTable(schema, "embeddings")} (id BIGINT PRIMARY KEY, v VECTOR(3) NOT NULL)` };
}

/** The error that stopped a replica (applier, or a receiver that gave up), or null while it replicates. */
function brokenBy(status: ReplicationStatus) {
  return status.sqlError ?? (status.ioThread !== "running" ? status.ioError : null);
}

async function serverVersion(node: StartedMysqlNode): Promise<string> {
  const [row] = await node.query("SELECT VERSION() AS version");
  return String(row?.version);
}

function isNewerServer(green: StartedMysqlNode, blue: StartedMysqlNode): boolean {
  const [g, b] = [green.dialect.version, blue.dialect.version];
  return g.flavor === b.flavor && (g.major !== b.major ? g.major > b.major : g.minor > b.minor);
}

/** Old blue's replica once it has either applied what there is or stopped: a fresh receiver may still be connecting. */
async function settledStatus(node: StartedMysqlNode): Promise<ReplicationStatus> {
  return waitUntil({ what: `${node.name}'s reverse replication to apply or stop`, timeoutMs: 30_000, intervalMs: 250 }, async () => {
    const status = await readReplicationStatus(node, node.dialect);
    const stopped = status.sqlError !== null || (status.ioError !== null && status.ioThread !== "running");
    const applying = status.ioThread === "running" && status.sqlThread === "running" && status.secondsBehindSource === 0;
    return stopped || applying ? { done: true, value: status } : { done: false, state: describeStatus(status) };
  });
}

export default engineUpgrade;
