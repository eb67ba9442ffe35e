import { reap } from "../../harness/lifecycle/reaper.ts";
import { onInterrupt } from "../../harness/lifecycle/cleanup-on-signal.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { MysqlNodeContainer } from "../../harness/node/mysql-node.ts";
import type { StartedMysqlNode } from "../../harness/node/started-mysql-node.ts";
import { planHazards, type Plan } from "../../harness/plan/plan-hazards.ts";
import { renderPlan } from "../../harness/plan/render-plan.ts";
import { progress } from "../../harness/progress/progress.ts";
import { readRehearsalFile } from "../../harness/rehearsal-file/read-rehearsal-file.ts";
import type { RehearsalDefinition } from "../../harness/rehearsal-file/rehearsal-definition.ts";
import { loadRehearsalSchema, planInputFor } from "../../harness/rehearsal-file/rehearsal-plan.ts";
import { readSchema } from "../../harness/schema/read-schema.ts";
import { generateCredentials } from "../../harness/secrets/credentials.ts";
import { MysqlSession } from "../../harness/sql/mysql-session.ts";
import { HarnessError } from "../../harness/errors/harness-error.ts";
import type { EngineImage } from "../../harness/images/engine-image.ts";
import { parseOptions, resolveEngine } from "./engine-option.ts";

/**
 * `bgh plan FILE.yaml`: predicts before running. Blue's schema on one real server, blue's plus
 * green's change on a second, both read back through information_schema, and the plan of what
 * replication does to every changed column forward and back, with the other hazards the file's
 * settings carry. Prints it (or JSON with --json); exit 0 whatever it predicts: the plan informs, the
 * rehearsal proves.
 */
export async function planCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions("plan", args, { engine: { type: "string" }, json: { type: "boolean", default: false } });
  if (positionals.length !== 1) {
    throw new HarnessError({ what: "reading bgh plan's arguments", cause: positionals.length ? `${positionals.length} files given` : "no rehearsal file given", fix: "give one rehearsal file: bgh plan rehearsal.yaml" });
  }
  const definition = readRehearsalFile(positionals[0]!);
  const runId = newRunId();
  const engine = await resolveEngine((values.engine as string | undefined) ?? (process.env.BGH_MYSQL_IMAGE ? undefined : definition.engine), runId);
  const plan = await predict(definition, engine, runId);
  console.log(values.json ? JSON.stringify(plan, null, 2) : renderPlan(plan));
  return 0;
}

/** The plan of a rehearsal file, on two servers of `engine` started for it and removed afterwards. */
export async function predict(definition: RehearsalDefinition, engine: EngineImage, runId: string): Promise<Plan> {
  const nodes: StartedMysqlNode[] = [];
  const cleanup = async () => {
    await Promise.allSettled(nodes.map((node) => node.remove()));
    await reap({ runId });
  };
  const forget = onInterrupt(cleanup);
  try {
    progress("Starting two servers: blue's schema on one, blue's plus green's change on the other...");
    const [blue, green] = await Promise.all(
      (["blue", "green"] as const).map(async (side, index) => {
        const node = await new MysqlNodeContainer(engine, `plan-${side}`, runId, generateCredentials()).withServerId(index + 1).start();
        nodes.push(node);
        const session = new MysqlSession(() => node.connectionTarget());
        try {
          await loadRehearsalSchema(session, definition, side);
          return await readSchema(session, definition.database);
        } finally {
          await session.close();
        }
      }),
    );
    return planHazards(planInputFor(definition, blue!, green!));
  } finally {
    forget();
    await cleanup();
  }
}
