import { messageOf } from "../../../harness/errors/harness-error.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { withTimeout } from "../../../harness/wait/wait-until.ts";

export interface SwitchoverWriter {
  cluster: string;
  instance: string;
  node: StartedMysqlNode;
}

/** Long enough for a busy server, short next to the shortest switchover timeout (30 s). */
const ANSWER_TIMEOUT_MS = 5_000;

/**
 * When a switchover step fails on a server error rather than on a rule, the reason RDS gives must
 * name what went wrong: a writer that crashed or hangs is not "replication errors". Returns the reason
 * for the first writer that does not answer, in the "canceled due to ..." form, or undefined when
 * every writer answers.
 */
export async function unansweredWriter(writers: SwitchoverWriter[]): Promise<string | undefined> {
  for (const writer of writers) {
    try {
      await withTimeout(`${writer.instance} to answer`, ANSWER_TIMEOUT_MS, writer.node.query("SELECT 1"));
    } catch (error) {
      return `the writer ${writer.instance} of ${writer.cluster} not responding (${messageOf(error).split("\n")[0]})`;
    }
  }
  return undefined;
}
