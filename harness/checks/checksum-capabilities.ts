import { parseServerVersion } from "../engine/server-version.ts";
import type { SqlRunner } from "../sql/sql-runner.ts";
import type { PlanOptions } from "./table-plan.ts";

/**
 * What both servers can compute, so that one checksum SQL gives comparable results on each. MySQL 8.0+
 * applies BIT_XOR to binary strings bit by bit; MariaDB (and MySQL 5.7) turn them into numbers first, so
 * a MySQL/MariaDB pair uses the form both share.
 */
export async function checksumCapabilities(left: SqlRunner, right: SqlRunner): Promise<PlanOptions> {
  const versions = await Promise.all([left, right].map(async (runner) => parseServerVersion(String((await runner.query("SELECT VERSION() AS v"))[0]?.v ?? ""))));
  return { binaryBitAggregates: versions.every((version) => version.flavor === "mysql" && version.major >= 8) };
}
