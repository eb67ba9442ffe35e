import { engineImageFromEnvironment, resolveEngineImage, type EngineImage } from "../../../harness/images/engine-image.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";

/** The engine under test: BGH_MYSQL_IMAGE or the default, as a user's run would resolve it. */
export function testEngine(): Promise<EngineImage> {
  return engineImageFromEnvironment({ runId: newRunId() });
}

/** MariaDB, for exercising the MariaDB dialect: BGH_MARIADB_IMAGE or Debian stable's build. */
export function mariadbEngine(): Promise<EngineImage> {
  const reference = process.env.BGH_MARIADB_IMAGE ?? "mariadb:10.11";
  return resolveEngineImage({ reference, flavorHint: "mariadb", versionHint: "10.11" }, { runId: newRunId() });
}
