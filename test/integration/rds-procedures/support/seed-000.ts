import { sqlString } from "../../../../harness/sql/sql-literal.ts";

/**
 * Seed 000's rollback SQL (shared/seeds/000_*.txt, "Rollback Strategy 2: Binary Log Replication"),
 * verbatim, comments and layout included; only the endpoint, credentials and coordinates are the
 * rehearsal's. Each statement is sent on its own, as a client without multi-statements does.
 */
export interface ExternalMaster {
  host: string;
  user: string;
  password: string;
  file: string;
  position: number;
}

/** Step 2, "Configure Replication on Rollback Target". */
export function configureExternalMaster(master: ExternalMaster): string {
  return [
    "-- Configure external master replication",
    "CALL mysql.rds_set_external_master (",
    `${sqlString(master.host)}, -- New production endpoint`,
    "3306, -- Port",
    `${sqlString(master.user)}, -- Replication user`,
    `${sqlString(master.password)}, -- Password`,
    `${sqlString(master.file)}, -- Binlog file from Step 1`,
    `${master.position}, -- Position from Step 1`,
    "0 -- SSL disabled (use 1 for SSL)",
    ");",
  ].join("\n");
}

export const START_REPLICATION = "-- Start replication\nCALL mysql.rds_start_replication;";

/** Step 5, "Perform the Rollback": stop, then forget the source. */
export const STOP_REPLICATION = "CALL mysql.rds_stop_replication;";
export const RESET_EXTERNAL_MASTER = "CALL mysql.rds_reset_external_master;";

/** "Troubleshooting Common Rollback Issues": skip the transaction in error. */
export const SKIP_REPL_ERROR = "-- For common errors like duplicate key, skip the problematic transaction\nCALL mysql.rds_skip_repl_error;";
