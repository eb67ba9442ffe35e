import type { EngineDialect } from "../../../harness/engine/dialect.ts";
import { setConfiguration, showConfiguration } from "./configuration-procedures.ts";
import { nextSourceLog } from "./next-source-log.ts";
import { aliasProcedure, type RdsProcedure } from "./procedure-definition.ts";
import { resetExternalSource } from "./reset-external-source.ts";
import { setExternalSource, setExternalSourceWithAutoPosition } from "./set-external-source.ts";
import { skipReplError } from "./skip-repl-error.ts";
import { startReplicationUntil } from "./start-replication-until.ts";
import { startReplication } from "./start-replication.ts";
import { stopReplication } from "./stop-replication.ts";

/**
 * Every procedure the harness installs, for one engine. Aurora MySQL 2 runbooks use the *_master
 * names, version 3 runbooks the *_source ones; both are installed on every engine, the *_master ones
 * calling the *_source ones as RDS's do.
 */
export function rdsProcedures(dialect: EngineDialect): RdsProcedure[] {
  const setSource = setExternalSource(dialect);
  const setSourceAuto = setExternalSourceWithAutoPosition(dialect);
  const reset = resetExternalSource(dialect);
  const nextLog = nextSourceLog(dialect);
  return [
    setSource,
    aliasProcedure("rds_set_external_master", setSource, ["host", "port", "user", "passwd", "name", "pos", "enable_ssl_encryption"]),
    setSourceAuto,
    aliasProcedure("rds_set_external_master_with_auto_position", setSourceAuto, ["host", "port", "user", "passwd", "enable_ssl_encryption"]),
    startReplication(dialect),
    stopReplication(dialect),
    reset,
    aliasProcedure("rds_reset_external_master", reset, []),
    skipReplError(dialect),
    nextLog,
    // RDS names the parameter after the procedure: curr_master_log here, curr_source_log there.
    aliasProcedure("rds_next_master_log", nextLog, ["curr_master_log"], "IN curr_master_log INT"),
    startReplicationUntil(dialect),
    setConfiguration(dialect),
    showConfiguration(dialect),
  ];
}
