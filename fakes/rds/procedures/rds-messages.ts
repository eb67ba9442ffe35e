/**
 * What RDS's replication procedures print (a one-row result set) and signal (SQLSTATE 45000), word
 * for word, so that a runbook's transcript reads the same against the harness as against RDS.
 *
 * Source: the `mysql` schema of RDS for MySQL 8.0.41 (shared/reference/rds-procedures.md). Versions
 * differ in wording: 8.0.41 prints "Replication started. Slave is now running normally." and "Slave
 * is now down or disabled", older versions "Slave running normally." and "Slave is down or disabled",
 * and Aurora MySQL 3 / recent RDS print "Replica running normally." and "Replica is down or disabled"
 * (seed 001's transcript). The harness models Aurora MySQL 3, so those two use the "Replica" wording;
 * every other text is 8.0.41's, the newest known here.
 */
export const RDS_MESSAGES = {
  // mysql.rds_start_replication
  started: "Replica running normally.",
  startWhileRunning: "Replication may already be running. Call rds_stop_replication to stop replication",
  /** 8.0.41 refuses a start while one thread runs and the other does not (after an applier error, say). */
  startWhileBroken: "Replication might be running. First call mysql.rds_stop_replication.",
  startNotConfigured: "You can't start replication because the replica isn't configured. First call mysql.rds_set_external_master.",
  errorAfterStart: "Slave has encountered an error. Run SHOW SLAVE STATUS\\G; to see the error.",
  skipInProgressAtStart: "Another session currently running the procedure mysql.rds_skip_repl_error_for_channel. Consider retrying the procedure call.",

  // mysql.rds_stop_replication
  stopped: "Replica is down or disabled",
  stopWhileStopped: "Slave is already stopped or may not be configured. Run SHOW SLAVE STATUS\\G;",
  stopNotConfigured: "You can't stop replication because the replica isn't configured. First call mysql.rds_set_external_master.",

  // mysql.rds_set_external_source / _master (and _with_auto_position)
  modifyWhileRunning: "You can't modify replication because replication is running. First call mysql.rds_stop_replication.",

  // mysql.rds_reset_external_source / _master
  reset: "Slave has been reset",
  resetNotConfigured: "You can't reset replication because replication isn't configured. First run mysql.rds_set_external_master.",

  // mysql.rds_skip_repl_error
  skipped: "Statement in error has been skipped",
  runningAfterSkip: "Slave is now running normally",
  skipWhileRunning: "Slave is running normally.  No errors detected to skip.",
  skipWhileStopped: "Slave is down or disabled.",
  skipNotConfigured: "You can't skip a replication error because the replica isn't configured. First call mysql.rds_set_external_master.",
  /** A result row, not a refusal: the receiver failed (or is connecting), the applier has nothing to skip. */
  nothingToSkip: "The replica SQL thread is running for the specified channel without encountering errors. Run SHOW REPLICA STATUS FOR CHANNEL '';",
  skipAlreadyInProgress: "A mysql.rds_skip_repl_error procedure is in progress. Wait a few seconds before calling mysql.rds_skip_repl_error again.",
  newErrorAfterSkip: "Slave has encountered a new error. Please use SHOW SLAVE STATUS to see the error.",

  // mysql.rds_next_source_log / rds_next_master_log (8.0.41 reuses the skip texts for the refusals)
  movedToNextLog: "Master Log Position has been set to start of next log",
  nextLogNotConfigured: "You can't set the log file name because the replica isn't configured. First call mysql.rds_set_external_master.",
  skipInProgressAtNextLog: "Another session currently running the procedure mysql.rds_skip_repl_error_for_channel. Consider to retry the procedure call.",

  // mysql.rds_start_replication_until
  untilMultiThreaded: "rds_start_replication_until is not supported for multi-threaded slaves",
  untilBadStopPoint: "Invalid input: replication_stop_point cannot be NULL, less than or equal to 0",
  /** Followed by the quoted file name, " and MASTER_LOG_POS = " and the position. */
  untilStartedPrefix: "Replication started until MASTER_LOG_FILE = ",

  // mysql.rds_set_configuration
  /**
   * RDS for MySQL says "between 1 and 168"; Aurora MySQL 3 accepts up to 2160 hours (90 days) and the
   * harness models Aurora, so the bound in the text is Aurora's.
   */
  retentionOutOfRange: "For binlog retention hours the value must be between 1 and 2160 inclusive or be NULL",
  /** Followed by the quoted name and " using mysql.rds_set_configuration." */
  unknownConfigurationPrefix: "Cannot set unknown configuration parameter ",
} as const;

/** MESSAGE_TEXT holds at most 128 characters; a longer literal makes SIGNAL itself fail in strict mode. */
export const SIGNAL_MESSAGE_LIMIT = 128;
