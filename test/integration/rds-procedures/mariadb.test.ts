import { mariadbEngine } from "../support/test-engine.ts";
import { describeRdsProcedures } from "./support/rds-procedure-suite.ts";

// MariaDB keeps the old statement names and its own GTIDs, and runs without performance_schema.
describeRdsProcedures("MariaDB 10.11", mariadbEngine);
