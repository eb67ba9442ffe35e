import { dockerApi } from "../docker/docker-client.ts";
import { runOnce } from "../docker/run-once.ts";
import type { EngineDialect } from "../engine/dialect.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { LABEL, PROJECT } from "../lifecycle/labels.ts";
import { initializeDatadirLines } from "../node/start-script.ts";
import { progress } from "../progress/progress.ts";

/** Bump when what is baked into a pre-initialized image changes, so that stale ones are not reused. */
export const WARM_RECIPE = "1";

export const WARM_LABEL = {
  of: "bgh.warm-of",
  recipe: "bgh.warm-recipe",
  serverVersion: "bgh.server-version",
} as const;

export interface WarmImage {
  tag: string;
  serverVersionRaw: string;
}

/**
 * A pre-initialized image: the base image plus a data directory initialized once, so that a node
 * accepts connections about a second after start instead of four. auto.cnf is removed, so each
 * container still generates its own server_uuid.
 */
export async function findWarmImage(baseImageId: string): Promise<WarmImage | undefined> {
  const docker = await dockerApi();
  const images = await docker.listImages({ filters: { label: [`${WARM_LABEL.of}=${baseImageId}`, `${WARM_LABEL.recipe}=${WARM_RECIPE}`] } });
  const image = images.find((candidate) => candidate.RepoTags?.some((tag) => tag !== "<none>:<none>"));
  const tag = image?.RepoTags?.find((candidate) => candidate !== "<none>:<none>");
  const version = image?.Labels?.[WARM_LABEL.serverVersion];
  return tag && version ? { tag, serverVersionRaw: version } : undefined;
}

export async function deriveWarmImage(base: { reference: string; id: string }, dialect: EngineDialect, runId: string): Promise<WarmImage> {
  const tag = `bgh/warm:${dialect.version.flavor}-${dialect.version.raw.replace(/[^\w.-]/g, "_").slice(0, 60)}-${base.id.replace("sha256:", "").slice(0, 12)}`;
  progress(`Deriving a pre-initialized image ${tag} from ${base.reference} (once; later starts take ~1 s)...`);
  const docker = await dockerApi();
  const script = ["set -e", ...initializeDatadirLines(dialect)].join("\n");
  const [repo, tagName] = tag.split(":") as [string, string];
  const result = await runOnce({
    image: base.reference,
    script,
    runId,
    what: `initializing a data directory in ${base.reference}`,
    timeoutMs: 180_000,
    beforeRemove: async (containerId) => {
      await docker.getContainer(containerId).commit({
        repo,
        tag: tagName,
        changes: [
          `LABEL ${LABEL.project}=${PROJECT}`,
          `LABEL ${WARM_LABEL.of}=${base.id}`,
          `LABEL ${WARM_LABEL.recipe}=${WARM_RECIPE}`,
          `LABEL ${WARM_LABEL.serverVersion}=${dialect.version.raw}`,
          // The one-off container's run labels must not mark containers started from this image.
          `LABEL ${LABEL.runId}= ${LABEL.owner}= bgh.role=`,
        ],
      } as object);
    },
  });
  if (result.exitCode !== 0) {
    await docker.getImage(tag).remove().catch(() => undefined);
    throw new HarnessError({
      what: `initializing a data directory in ${base.reference}`,
      cause: `exit ${result.exitCode}: ${result.output.trim().split("\n").slice(-5).join(" | ")}`,
      fix: "the image's server could not initialize; try another image (BGH_MYSQL_IMAGE) or `bgh image build`",
    });
  }
  progress(`Pre-initialized image ${tag} ready.`);
  return { tag, serverVersionRaw: dialect.version.raw };
}
