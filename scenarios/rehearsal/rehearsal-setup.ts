import { instanceAvailable } from "../../fakes/rds/api-waits.ts";
import { BLUE_GREEN_PARAMETER_GROUP } from "../../fakes/rds/fake-rds-service.ts";
import { parameterDefinition, PARAMETER_FAMILY, type ParameterLevel } from "../../fakes/rds/model/parameter-catalog.ts";
import { generateData } from "../../harness/data/generate-data.ts";
import { loadDataFile } from "../../harness/data/load-data-file.ts";
import { readSchema } from "../../harness/schema/read-schema.ts";
import type { SchemaModel } from "../../harness/schema/schema-model.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { sqlIdentifier, sqlString } from "../../harness/sql/sql-literal.ts";
import { runSqlFile } from "../../harness/sql/sql-script.ts";
import { resolveEndpoint } from "./rehearsal-endpoints.ts";
import type { RehearsalRun } from "./rehearsal-run.ts";

export const GREEN_CLUSTER_PARAMETER_GROUP = (cluster: string) => `${cluster}-green-params`;
export const GREEN_DB_PARAMETER_GROUP = (cluster: string) => `${cluster}-green-instance-params`;
const BLUE_DB_PARAMETER_GROUP = (cluster: string) => `${cluster}-instance-params`;

/**
 * Blue as the file declares it, through the fake RDS's API as a team would set it up: its parameter
 * groups (a reboot when a static one changed), binary log retention, then the schema files and the
 * data through the cluster endpoint. Green's parameter groups are made ready for create-deployment
 * (blue's settings with green's on top). Returns the schema as the server read it back.
 */
export async function setUpBlue(run: RehearsalRun): Promise<SchemaModel> {
  const { definition, fake } = run;
  const { cluster } = definition;
  const record = fake.record;
  await record.phase("blue's parameters", async () => {
    let reboot = false;
    if (Object.keys(cluster.parameters).length > 0) {
      await fake.rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: BLUE_GREEN_PARAMETER_GROUP, Parameters: parameters(cluster.parameters, "cluster") });
      reboot ||= isStatic(cluster.parameters, "cluster");
    }
    if (Object.keys(cluster.instanceParameters).length > 0) {
      await createDbGroup(run, BLUE_DB_PARAMETER_GROUP(cluster.name), cluster.instanceParameters);
      for (const instance of fake.service.model.state.clusterInstances(fake.service.model.state.cluster(cluster.name))) {
        await fake.rds.modifyDBInstance({ DBInstanceIdentifier: instance.identifier, DBParameterGroupName: BLUE_DB_PARAMETER_GROUP(cluster.name), ApplyImmediately: true });
      }
      reboot = true;
    }
    if (reboot) await rebootCluster(run, cluster.name);
    if (cluster.binlogRetentionHours !== undefined) {
      const session = new MysqlSession(() => resolveEndpoint(run, "cluster").target);
      await session.query(`CALL mysql.rds_set_configuration('binlog retention hours', ${cluster.binlogRetentionHours})`).finally(() => session.close());
    }
    const green = definition.green;
    if (Object.keys(green.parameters).length > 0) {
      await fake.rds.createDBClusterParameterGroup({ DBClusterParameterGroupName: GREEN_CLUSTER_PARAMETER_GROUP(cluster.name), DBParameterGroupFamily: PARAMETER_FAMILY, Description: `green of ${cluster.name}: blue's settings and green's change` });
      await fake.rds.modifyDBClusterParameterGroup({ DBClusterParameterGroupName: GREEN_CLUSTER_PARAMETER_GROUP(cluster.name), Parameters: parameters({ binlog_format: "ROW", ...cluster.parameters, ...green.parameters }, "cluster") });
    }
    if (Object.keys(green.instanceParameters).length > 0) await createDbGroup(run, GREEN_DB_PARAMETER_GROUP(cluster.name), { ...cluster.instanceParameters, ...green.instanceParameters });
  });

  const session = new MysqlSession(() => resolveEndpoint(run, "cluster").target);
  try {
    const model = await record.phase("schema loaded", async () => {
      await session.query(`CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(definition.database)}`);
      await session.query(`USE ${sqlIdentifier(definition.database)}`);
      for (const file of definition.schema) await runSqlFile(session, file);
      await session.query(`USE ${sqlIdentifier(definition.database)}`);
      const { user, password } = run.application;
      await session.query(`CREATE USER IF NOT EXISTS ${sqlString(user)}@'%' IDENTIFIED BY ${sqlString(password)}`);
      await session.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sqlIdentifier(definition.database)}.* TO ${sqlString(user)}@'%'`);
      return readSchema(session, definition.database);
    });
    await record.phase("data loaded", async () => {
      if (definition.data.rows !== undefined) {
        const filled = await generateData(session, model, { rows: definition.data.rows, seed: run.seed });
        run.context.log(`generated rows: ${filled.map((each) => `${each.table} ${each.rows}`).join(", ") || "none"}`);
      }
      for (const file of definition.data.files) {
        const loaded = await loadDataFile(session, file);
        run.context.log(`loaded ${file}${loaded.rows === undefined ? "" : `: ${loaded.rows} rows`}`);
      }
    });
    return model;
  } finally {
    await session.close();
  }
}

function parameters(values: Record<string, string>, level: ParameterLevel) {
  return Object.entries(values).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue, ApplyMethod: parameterDefinition(ParameterName, level)?.applyType === "static" ? ("pending-reboot" as const) : ("immediate" as const) }));
}

function isStatic(values: Record<string, string>, level: ParameterLevel): boolean {
  return Object.keys(values).some((name) => parameterDefinition(name, level)?.applyType === "static");
}

async function createDbGroup(run: RehearsalRun, name: string, values: Record<string, string>): Promise<void> {
  await run.fake.rds.createDBParameterGroup({ DBParameterGroupName: name, DBParameterGroupFamily: PARAMETER_FAMILY, Description: `instance parameters of ${run.definition.cluster.name}` });
  await run.fake.rds.modifyDBParameterGroup({ DBParameterGroupName: name, Parameters: parameters(values, "instance") });
}

/**
 * RebootDBCluster, then every instance available again (a reboot clears pending-reboot before it says
 * so); an instance whose server did not come back ends the wait at once with the cause.
 */
async function rebootCluster(run: RehearsalRun, identifier: string): Promise<void> {
  const state = run.fake.service.model.state;
  await run.fake.rds.rebootDBCluster({ DBClusterIdentifier: identifier });
  for (const instance of state.clusterInstances(state.cluster(identifier))) await instanceAvailable(run.fake.rds, instance.identifier);
}
