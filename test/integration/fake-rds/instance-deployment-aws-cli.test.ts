import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection } from "../../../harness/sql/mysql-session.ts";
import { waitUntil } from "../../../harness/wait/wait-until.ts";
import { isolatedAwsEnv, runTool } from "../rds-wire/support/aws-tools.ts";
import { ensureAwsCliV2 } from "../support/ensure-aws-cli.ts";
import { tempFolder } from "../support/temp-folder.ts";

const CLI = path.resolve(import.meta.dirname, "../../../cli/bgh.mjs");
const MASTER = { user: "admin", password: "Seed004-Passw0rd" };
const SOURCE = "source-database";
const SOURCE_ARN = `arn:aws:rds:us-east-1:123456789012:db:${SOURCE}`;

interface Instance {
  DBInstanceIdentifier: string;
  DBInstanceStatus: string;
  Endpoint?: { Address: string; Port: number };
  ReadReplicaSourceDBInstanceIdentifier?: string;
  DBParameterGroups: Array<{ DBParameterGroupName: string }>;
}

/**
 * Seed 004 on RDS for MySQL, through the real AWS CLI v2 against `bgh up`: a DB parameter group with
 * binlog_format MIXED, a primary DB instance with one read replica, `aws rds wait db-instance-available`,
 * then seed 004's `create-blue-green-deployment --source arn:aws:rds:...:db:... --target-engine-version
 * ... --target-db-parameter-group-name ...` and the switchover. Proved on the real servers: green holds
 * blue's rows and writes, the primary and its replica are renamed (-old1), the endpoints keep their
 * names and ports and now serve the former green, the old primary is read-only, the new replica follows
 * the new primary, and the binary log coordinates event is there.
 */
describe("seed 004's instance deployment through the AWS CLI against bgh up", () => {
  const stateDir = tempFolder("bgh-up-instances-");
  const env = { ...process.env, BGH_STATE_DIR: stateDir };
  // The CLI's own RDS waiters polling every second (not every 30 s): the folder `bgh up` prints.
  let awsData: string;
  let aws: string;
  let url: string;
  let up = false;

  async function awsRds<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    const result = await runTool(aws, ["rds", ...args, "--endpoint-url", url, "--output", "json", "--no-cli-pager"], isolatedAwsEnv({ AWS_DATA_PATH: awsData }));
    if (result.code !== 0) throw new Error(`aws rds ${args.join(" ")} exited with ${result.code}: ${result.stderr}`);
    return (result.stdout.trim() ? JSON.parse(result.stdout) : {}) as T;
  }

  async function instances(): Promise<Map<string, Instance>> {
    const { DBInstances } = await awsRds<{ DBInstances: Instance[] }>("describe-db-instances");
    return new Map(DBInstances.map((instance) => [instance.DBInstanceIdentifier, instance]));
  }

  async function deploymentReaches(id: string, statuses: string[]): Promise<Record<string, unknown>> {
    return waitUntil({ what: `blue/green deployment ${id} to reach ${statuses.join(" or ")}`, timeoutMs: 240_000, intervalMs: 1000 }, async () => {
      const { BlueGreenDeployments } = await awsRds<{ BlueGreenDeployments: Array<Record<string, unknown>> }>("describe-blue-green-deployments", "--blue-green-deployment-identifier", id);
      const deployment = BlueGreenDeployments[0]!;
      return statuses.includes(String(deployment.Status)) ? { done: true, value: deployment } : { done: false, state: `${String(deployment.Status)} ${String(deployment.StatusDetails ?? "")}` };
    });
  }

  // Through the endpoint as DescribeDBInstances gives it: an RDS host name (bgh up serves names) and port.
  async function sql(endpoint: { Address: string; Port: number }, statement: string): Promise<Array<Record<string, unknown>>> {
    const connection = await openConnection({ host: endpoint.Address, port: endpoint.Port, ...MASTER });
    try {
      const [rows] = await connection.query(statement);
      return rows as Array<Record<string, unknown>>;
    } finally {
      await connection.end();
    }
  }

  beforeAll(async () => {
    aws = ensureAwsCliV2().path;
    const started = spawnSync(process.execPath, [CLI, "up", "--detach", "--port", "0", "--cluster", "aurora-next-door", "--readers", "0"], { env, encoding: "utf8", timeout: 600_000 });
    expect(started.status, started.stderr).toBe(0);
    up = true;
    awsData = /export AWS_DATA_PATH='([^']+)'\$\{AWS_DATA_PATH:\+:\$AWS_DATA_PATH\}/.exec(started.stdout)?.[1] ?? `no AWS_DATA_PATH line in: ${started.stdout}`;
    expect(existsSync(path.join(awsData, "rds", "2014-10-31", "waiters-2.json")), awsData).toBe(true);
    url = (JSON.parse(readFileSync(path.join(stateDir, "up.json"), "utf8")) as { url: string }).url;
  }, 900_000);

  afterAll(() => {
    if (!up) return;
    const down = spawnSync(process.execPath, [CLI, "down"], { env, encoding: "utf8", timeout: 300_000 });
    expect(down.status, down.stderr).toBe(0);
    expect(existsSync(awsData)).toBe(false);
  });

  it("creates the instance and its read replica, deploys green from the instance ARN, and switches over", async () => {
    // Seed 004, step 1: the source's DB parameter group with binary logging in MIXED format.
    await awsRds("create-db-parameter-group", "--db-parameter-group-name", "source-params-group", "--db-parameter-group-family", "mysql8.0", "--description", "seed 004");
    await awsRds("modify-db-parameter-group", "--db-parameter-group-name", "source-params-group", "--parameters", "ParameterName=binlog_format,ParameterValue=MIXED,ApplyMethod=pending-reboot");
    await awsRds(
      "create-db-instance",
      "--db-instance-identifier", SOURCE,
      "--engine", "mysql",
      "--engine-version", "8.0.40",
      "--db-instance-class", "db.t3.medium",
      "--allocated-storage", "20",
      "--master-username", MASTER.user,
      "--master-user-password", MASTER.password,
      "--db-parameter-group-name", "source-params-group",
      "--backup-retention-period", "1",
    );
    // The waiter the CLI loads is the quick one (its acceptors are the CLI's own).
    const waited = await runTool(aws, ["rds", "wait", "db-instance-available", "--db-instance-identifier", SOURCE, "--endpoint-url", url, "--debug"], isolatedAwsEnv({ AWS_DATA_PATH: awsData }));
    expect(waited.code, waited.stderr.slice(-2000)).toBe(0);
    expect(waited.stderr).toContain(`Loading JSON file: ${awsData}/rds/2014-10-31/waiters-2.json`);
    await awsRds("create-db-instance-read-replica", "--db-instance-identifier", `${SOURCE}-replica`, "--source-db-instance-identifier", SOURCE);
    await awsRds("wait", "db-instance-available", "--db-instance-identifier", `${SOURCE}-replica`);

    const before = await instances();
    expect(before.get(`${SOURCE}-replica`)!.ReadReplicaSourceDBInstanceIdentifier).toBe(SOURCE);
    const primaryEndpoint = before.get(SOURCE)!.Endpoint!;
    const replicaEndpoint = before.get(`${SOURCE}-replica`)!.Endpoint!;
    const [blueServer] = await sql(primaryEndpoint, "SELECT @@server_id AS id");
    // Seed 004, step 2: a row on the source before the deployment.
    await sql(primaryEndpoint, "CREATE DATABASE app");
    await sql(primaryEndpoint, "CREATE TABLE app.dummy_table (favorite_id INT PRIMARY KEY, favorite_order INT, user_id INT, board_id INT)");
    await sql(primaryEndpoint, "INSERT INTO app.dummy_table VALUES (100001, 1, 11111, 11111)");

    // Seed 004, step 4, verbatim but for the names.
    const created = await awsRds<{ BlueGreenDeployment: { BlueGreenDeploymentIdentifier: string; Status: string; Source: string; Tasks: Array<{ Name: string }> } }>(
      "create-blue-green-deployment",
      "--blue-green-deployment-name", `${SOURCE}-bg`,
      "--source", SOURCE_ARN,
      "--target-engine-version", "8.0.40",
      "--target-db-parameter-group-name", "source-params-group",
    );
    expect(created.BlueGreenDeployment).toMatchObject({ Status: "PROVISIONING", Source: SOURCE_ARN });
    expect(created.BlueGreenDeployment.Tasks.map((task) => task.Name)).toEqual(["CREATING_READ_REPLICA_OF_SOURCE", "CONFIGURE_BACKUPS", "CREATING_TOPOLOGY_OF_SOURCE"]);
    const id = created.BlueGreenDeployment.BlueGreenDeploymentIdentifier;
    const ready = (await deploymentReaches(id, ["AVAILABLE", "INVALID_CONFIGURATION"])) as { Status: string; Target: string; SwitchoverDetails: Array<{ SourceMember: string; TargetMember: string }> };
    expect(ready.Status).toBe("AVAILABLE");
    expect(ready.Target).toMatch(new RegExp(`:db:${SOURCE}-green-[a-z0-9]{6}$`));
    expect(ready.SwitchoverDetails.map((detail) => detail.SourceMember)).toEqual([SOURCE_ARN, `${SOURCE_ARN}-replica`]);

    // Green: a copy of the primary and of the replica, the primary replicating from blue, read-only, on the target group.
    const provisioned = await instances();
    const greenNames = [...provisioned.keys()].filter((name) => name.includes("-green-"));
    expect(greenNames).toHaveLength(2);
    const greenPrimary = provisioned.get(ready.Target.split(":").at(-1)!)!;
    expect(greenPrimary.ReadReplicaSourceDBInstanceIdentifier).toBe(SOURCE);
    expect(greenPrimary.DBParameterGroups[0]!.DBParameterGroupName).toBe("source-params-group");
    // Seed 004, step 5: a row on blue shows on green.
    await sql(primaryEndpoint, "INSERT INTO app.dummy_table VALUES (100003, 1, 11111, 11111)");
    await waitUntil({ what: "row 100003 to reach green's primary", timeoutMs: 60_000, intervalMs: 250 }, async () => {
      const rows = await sql(greenPrimary.Endpoint!, "SELECT favorite_id FROM app.dummy_table WHERE favorite_id IN (100001, 100003)");
      return rows.length === 2 ? { done: true, value: undefined } : { done: false, state: `${rows.length} of 2 rows` };
    });
    const [greenReadOnly] = await sql(greenPrimary.Endpoint!, "SELECT @@GLOBAL.read_only AS ro");
    expect(Number(greenReadOnly!.ro)).toBe(1);

    // Seed 004, step 6.
    const switching = await awsRds<{ BlueGreenDeployment: { Status: string } }>("switchover-blue-green-deployment", "--blue-green-deployment-identifier", id, "--switchover-timeout", "300");
    expect(switching.BlueGreenDeployment.Status).toBe("SWITCHOVER_IN_PROGRESS");
    const done = (await deploymentReaches(id, ["SWITCHOVER_COMPLETED", "AVAILABLE", "SWITCHOVER_FAILED"])) as { Status: string; StatusDetails?: string; Source: string; Target: string; SwitchoverDetails: Array<Record<string, string>> };
    expect(done.Status, done.StatusDetails).toBe("SWITCHOVER_COMPLETED");
    expect(done.Source).toBe(`${SOURCE_ARN}-old1`);
    expect(done.Target).toBe(SOURCE_ARN);
    expect(done.SwitchoverDetails).toEqual([
      { SourceMember: `${SOURCE_ARN}-old1`, TargetMember: SOURCE_ARN, Status: "SWITCHOVER_COMPLETED" },
      { SourceMember: `${SOURCE_ARN}-replica-old1`, TargetMember: `${SOURCE_ARN}-replica`, Status: "SWITCHOVER_COMPLETED" },
    ]);

    // Renames: the instance and its replica; the endpoints keep their names and ports, and lead to the former green.
    const after = await instances();
    // (bgh up's Aurora cluster next door is not part of it.)
    expect([...after.keys()].filter((name) => name.startsWith(SOURCE)).sort()).toEqual([SOURCE, `${SOURCE}-old1`, `${SOURCE}-replica`, `${SOURCE}-replica-old1`]);
    expect(after.get(SOURCE)!.Endpoint).toEqual(primaryEndpoint);
    expect(after.get(`${SOURCE}-replica`)!.Endpoint).toEqual(replicaEndpoint);
    expect(after.get(`${SOURCE}-replica`)!.ReadReplicaSourceDBInstanceIdentifier).toBe(SOURCE);
    const [newServer] = await sql(primaryEndpoint, "SELECT @@server_id AS id, @@GLOBAL.read_only AS ro");
    expect(newServer!.id).not.toBe(blueServer!.id);
    expect(Number(newServer!.ro)).toBe(0);
    await sql(primaryEndpoint, "INSERT INTO app.dummy_table VALUES (100005, 1, 11111, 11111)");
    await waitUntil({ what: "the new replica to follow the new primary", timeoutMs: 60_000, intervalMs: 250 }, async () => {
      const rows = await sql(replicaEndpoint, "SELECT favorite_id FROM app.dummy_table ORDER BY favorite_id");
      const ids = rows.map((row) => Number(row.favorite_id));
      return ids.join() === "100001,100003,100005" ? { done: true, value: undefined } : { done: false, state: ids.join() };
    });
    const [oldBlue] = await sql(after.get(`${SOURCE}-old1`)!.Endpoint!, "SELECT @@server_id AS id, @@GLOBAL.read_only AS ro");
    expect(oldBlue!.id).toBe(blueServer!.id);
    expect(Number(oldBlue!.ro)).toBe(1);

    // Events: the primary's switchover, the replica's, and the binary log coordinates on the new primary.
    const { Events } = await awsRds<{ Events: Array<{ Message: string; SourceIdentifier: string }> }>("describe-events", "--duration", "60");
    const messages = Events.map((event) => event.Message);
    expect(messages).toContain(`Switchover from primary source ${SOURCE} to target ${greenPrimary.DBInstanceIdentifier} completed. Renamed databases.`);
    expect(messages.some((message) => message.startsWith(`Switchover from source ${SOURCE}-replica to target ${SOURCE}-replica-green-`))).toBe(true);
    const coordinates = Events.find((event) => event.Message.startsWith("Binary log coordinates in green environment after switchover"));
    expect(coordinates?.SourceIdentifier).toBe(SOURCE);
    expect(coordinates?.Message).toMatch(/file mysql-bin-changelog\.\d{6} and position \d+$/);
    // Bounded generously: the machine may be busy.
  }, 900_000);
});
