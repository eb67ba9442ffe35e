import { resolveEngineImage } from "../../../harness/images/engine-image.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { describeRdsProcedures } from "./support/rds-procedure-suite.ts";

// MariaDB keeps the old statement names and its own GTIDs, and runs without performance_schema.
describeRdsProcedures("MariaDB 10.11", () =>
  resolveEngineImage({ reference: process.env.BGH_MARIADB_IMAGE ?? "mariadb:10.11", flavorHint: "mariadb", versionHint: "10.11" }, { runId: newRunId() }),
);
