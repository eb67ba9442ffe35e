import { sqlString } from "../../../harness/sql/sql-literal.ts";
import { SIGNAL_MESSAGE_LIMIT } from "./rds-messages.ts";

/**
 * The few kinds of statement every RDS procedure body is made of, written once: a refusal, a
 * message row, a dynamic statement, a pause, a branch. Each returns complete statements (ending in
 * ";"), one per line; compound ones indent what they contain so that SHOW CREATE PROCEDURE reads well.
 */

/** RDS refuses with SQLSTATE 45000 (error 1644 on the client) and its text as MESSAGE_TEXT. */
export function signal(message: string): string {
  if (message.length > SIGNAL_MESSAGE_LIMIT) throw new Error(`SIGNAL text longer than ${SIGNAL_MESSAGE_LIMIT} characters: ${message}`);
  return `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = ${sqlString(message)};`;
}

/** A refusal whose text is computed (it quotes an argument); cut to the limit so that SIGNAL itself cannot fail. */
export function signalComputed(messageExpression: string): string {
  return block([`DECLARE v_message VARCHAR(${SIGNAL_MESSAGE_LIMIT}) DEFAULT LEFT(${messageExpression}, ${SIGNAL_MESSAGE_LIMIT});`], ["SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_message;"]);
}

/**
 * RDS answers with a one-row result set, column `Message` (rds_reset_external_master's is spelled
 * `message`: the column name is RDS's, kept as it is).
 */
export function messageRow(message: string, column: "Message" | "message" = "Message"): string {
  return `SELECT ${sqlString(message)} AS ${column};`;
}

export function messageRowComputed(messageExpression: string): string {
  return `SELECT ${messageExpression} AS Message;`;
}

/**
 * Runs a statement whose text is an expression. PREPARE takes only a literal or a user variable, so
 * the text passes through @rds_statement, cleared afterwards so that nothing of an argument (a
 * password) stays behind in the caller's session.
 */
export function executeDynamic(statementExpression: string): string[] {
  return [
    `SET @rds_statement = ${statementExpression};`,
    "PREPARE rds_statement FROM @rds_statement;",
    "SET @rds_statement = NULL;",
    "EXECUTE rds_statement;",
    "DEALLOCATE PREPARE rds_statement;",
  ];
}

/**
 * RDS waits two seconds after starting replication before it reads the state again: a receiver that
 * cannot connect, or an applier failing on the first event, shows by then. STOP returns once the
 * threads have stopped, so stopping needs no wait.
 */
export const SETTLE_SECONDS = 2;

export function settle(): string {
  return `DO SLEEP(${SETTLE_SECONDS});`;
}

/** IF ... ELSEIF ... ELSE ... END IF; each branch is a condition and its statements. */
export function branches(cases: ReadonlyArray<readonly [condition: string, statements: readonly string[]]>, otherwise?: readonly string[]): string {
  if (cases.length === 0) throw new Error("an IF needs at least one branch");
  const lines: string[] = [];
  cases.forEach(([condition, statements], index) => {
    lines.push(`${index === 0 ? "IF" : "ELSEIF"} ${condition} THEN`, ...indent(statements));
  });
  if (otherwise && otherwise.length > 0) lines.push("ELSE", ...indent(otherwise));
  lines.push("END IF;");
  return lines.join("\n");
}

/** BEGIN ... END with its own declarations (variables, then handlers, as SQL requires). */
export function block(declarations: readonly string[], statements: readonly string[]): string {
  return ["BEGIN", ...indent(declarations), ...indent(statements), "END;"].join("\n");
}

/** Turns the engine's own error into RDS's refusal for the statements inside. */
export function refuseOnError(errorCode: number, message: string, statements: readonly string[]): string {
  return block([`DECLARE EXIT HANDLER FOR ${errorCode} ${signal(message)}`], statements);
}

export function indent(statements: readonly string[]): string[] {
  return statements.flatMap((statement) => statement.split("\n")).map((line) => `  ${line}`);
}
