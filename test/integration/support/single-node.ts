import { engineImageFromEnvironment } from "../../../harness/images/engine-image.ts";
import { reap } from "../../../harness/lifecycle/reaper.ts";
import { newRunId } from "../../../harness/lifecycle/run-id.ts";
import { MysqlNodeContainer } from "../../../harness/node/mysql-node.ts";
import type { StartedMysqlNode } from "../../../harness/node/started-mysql-node.ts";
import { generateCredentials } from "../../../harness/secrets/credentials.ts";
import { MysqlSession } from "../../../harness/sql/mysql-session.ts";

export interface SingleNode {
  node: StartedMysqlNode;
  /** A session of its own (USE carries between statements), closed by remove(). */
  session: MysqlSession;
  runId: string;
  remove(): Promise<void>;
}

/** One server of the engine under test, for tests of libraries that need a real server and nothing more. */
export async function startSingleNode(name: string): Promise<SingleNode> {
  const runId = newRunId();
  const engine = await engineImageFromEnvironment({ runId });
  let node: StartedMysqlNode;
  try {
    node = await new MysqlNodeContainer(engine, name, runId, generateCredentials()).withServerId(1).start();
  } catch (error) {
    await reap({ runId });
    throw error;
  }
  const session = new MysqlSession(() => node.connectionTarget());
  return {
    node,
    session,
    runId,
    async remove() {
      await session.close();
      try {
        await node.remove();
      } finally {
        await reap({ runId });
      }
    },
  };
}
