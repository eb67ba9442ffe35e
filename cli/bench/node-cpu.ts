import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";

/**
 * CPU seconds the node's server has used so far (user + system, all its threads): PID 1 of the
 * container, since the start script execs the server. On a loaded machine the wall clock mostly
 * measures other processes; CPU time says what the work itself costs.
 */
export async function serverCpuSeconds(node: StartedMysqlNode): Promise<number> {
  const { output } = await node.exec(["sh", "-c", "cat /proc/1/stat; getconf CLK_TCK"]);
  const [stat, ticks] = output.trim().split("\n");
  // Fields after the command name (which may hold spaces, in parentheses): utime and stime are 14 and 15.
  const fields = stat!.slice(stat!.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / Number(ticks);
}
