import { compareServers, compareTable } from "../../harness/checks/index.ts";
import type { ConsistencyReport } from "../../harness/checks/check-report.ts";
import { integerConversion, parseTypeConversions, replicatedValue } from "../../harness/conversion/integer-conversion.ts";
import { integerTypeSql, type IntegerType } from "../../harness/conversion/integer-type.ts";
import type { StartedBlueGreenEnvironment } from "../../harness/environment/started-blue-green-environment.ts";
import { ReplicationBrokenError } from "../../harness/replication/catch-up.ts";
import { gtidExecuted } from "../../harness/replication/replication-control.ts";
import { describeStatus, isBroken } from "../../harness/replication/replication-status.ts";
import { sqlTable } from "../../harness/sql/sql-literal.ts";
import { waitUntil } from "../../harness/wait/wait-until.ts";

export interface TypePair {
  table: string;
  sourceType: IntegerType;
  replicaType: IntegerType;
}

export type BatchOutcome = { kind: "stopped" } | { kind: "applied"; intact: number; changed: number };

/** A broken promise of the property: what was expected and what happened, for the counterexample report. */
export class PropertyViolation extends Error {}

function must(condition: boolean, message: string): void {
  if (!condition) throw new PropertyViolation(message);
}

/**
 * One batch of values in one transaction on blue, then what green and the checker made of it, held
 * against the conversion model. Either the model predicts a conversion error and the applier stops with
 * one the harness reports as such, the checker reporting every row of the batch missing; or green holds
 * exactly the predicted values and the checker reports exactly the rows that differ, with both values.
 * Never a silent difference. Throws PropertyViolation naming what broke.
 */
export async function replicateBatch(environment: StartedBlueGreenEnvironment, schema: string, pair: TypePair, conversions: string, values: bigint[]): Promise<{ outcome: BatchOutcome; report: ConsistencyReport }> {
  const { blue, green } = environment;
  const ref = { schema, table: pair.table };
  const table = `${sqlTable(schema, pair.table)}`;
  const where = `${integerTypeSql(pair.sourceType)} -> ${integerTypeSql(pair.replicaType)} with ${conversions}`;
  await blue.writer.query(`INSERT INTO ${table} (id, v) VALUES ${values.map((value, id) => `(${id}, ${value})`).join(", ")}`);
  const stopped = await appliedOrStopped(environment);
  const flags = parseTypeConversions(conversions);
  const predicted = values.map((value) => replicatedValue(pair.sourceType, pair.replicaType, flags, value));
  const report = await compareServers(blue.writer, green.writer, { tables: [ref], sampleLimit: values.length });
  const differences = report.tables[0]!.rowDifferences;

  if (integerConversion(pair.sourceType, pair.replicaType, flags).kind === "refused") {
    const error = stopped?.status.sqlError;
    must(stopped !== null, `${where}: the model predicts a conversion error, but green applied the batch`);
    must(error?.kind === "type-conversion", `${where}: expected a type-conversion error, the harness reports ${JSON.stringify(error)}`);
    must(/cannot be converted from type/.test(error!.message) && error!.message.includes(`${schema}.${pair.table}`), `${where}: the error does not name the conversion and the table: ${error!.message}`);
    must(differences.missingOnRight === values.length && differences.extraOnRight === 0 && differences.changedRows === 0, `${where}: the checker must report all ${values.length} rows of the stopped batch missing, it reports ${JSON.stringify({ ...differences, samples: undefined })}`);
    return { outcome: { kind: "stopped" }, report };
  }

  must(stopped === null, `${where}: the model predicts no conversion error, but green stopped: ${stopped?.message}`);
  const rows = await green.writer.query(`SELECT id, CAST(v AS CHAR) AS v FROM ${table} ORDER BY id`);
  const arrived = rows.map((row) => BigInt(String(row.v)));
  const expected = predicted.map((p) => (p.outcome === "conversion-error" ? "error" : String(p.value)));
  const mismatch = expected.findIndex((value, id) => value !== String(arrived[id]));
  must(mismatch === -1, `${where}: ${values[mismatch]} was predicted to arrive as ${expected[mismatch]}, green has ${arrived[mismatch]}`);

  const differing = values.flatMap((value, id) => (arrived[id] !== value ? [`${id}:${value}->${arrived[id]}`] : []));
  const reported = differences.samples
    .map((sample) => (sample.kind === "changed" ? `${Number(sample.key.id)}:${String(sample.columns[0]?.left)}->${String(sample.columns[0]?.right)}` : `${sample.kind}:${JSON.stringify(sample.key)}`))
    .sort((a, b) => Number(a.split(":")[0]) - Number(b.split(":")[0]));
  must(JSON.stringify(reported) === JSON.stringify(differing), `${where}: the checker reports ${JSON.stringify(reported)}, the rows that differ are ${JSON.stringify(differing)}`);
  must(differences.missingOnRight === 0 && differences.extraOnRight === 0 && differences.changedRows === differing.length && report.equal === (differing.length === 0), `${where}: the checker's totals disagree: ${JSON.stringify({ ...differences, samples: undefined })}`);
  const reference = await compareTable(blue.writer, green.writer, ref);
  must(reference.changedRows === differing.length && reference.missingOnRight === 0, `${where}: the exact comparison disagrees with the checker (${reference.changedRows} changed, ${reference.missingOnRight} missing)`);
  return { outcome: { kind: "applied", intact: values.length - differing.length, changed: differing.length }, report };
}

/**
 * Green applied everything blue has, or its applier stopped: the stopped applier as the harness reports
 * it. Polled every 20 ms, because a catch-up wait notices a stop only after its one-second server-side
 * wait, and this property stops the applier on purpose many times.
 */
async function appliedOrStopped(environment: StartedBlueGreenEnvironment): Promise<ReplicationBrokenError | null> {
  const green = environment.green.writer;
  const written = await gtidExecuted(environment.blue.writer);
  return waitUntil({ what: "green to apply blue's batch or stop on an error", timeoutMs: 60_000, intervalMs: 20 }, async () => {
    const status = await environment.greenReplicationStatus();
    if (isBroken(status)) return { done: true, value: new ReplicationBrokenError(green.name, status) };
    const [row] = await green.query("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed) AS applied", [written]);
    return Number(row?.applied) === 1 ? { done: true, value: null } : { done: false, state: describeStatus(status) };
  });
}
