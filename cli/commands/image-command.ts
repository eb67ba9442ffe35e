import { HarnessError } from "../../harness/errors/harness-error.ts";
import { DEBIAN_RECIPES, recipeFor } from "../../harness/images/debian-recipes.ts";
import { buildDebianEngineImage } from "../../harness/images/debian-image-build.ts";
import { localImageId, resolveEngineImage } from "../../harness/images/engine-image.ts";
import { newRunId } from "../../harness/lifecycle/run-id.ts";
import { engineLine, engineRequest, parseOptions } from "./engine-option.ts";

/**
 * `bgh image build [--engine mysql:8.0|mariadb:11.4|...] [--recipe ID] [--rebuild]`: builds the engine
 * image from Debian packages now, for machines that will never reach a registry, and derives its
 * pre-initialized twin.
 */
export async function imageCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions("image", args, {
    engine: { type: "string" },
    recipe: { type: "string" },
    rebuild: { type: "boolean", default: false },
  });
  if (positionals[0] !== "build") {
    throw new HarnessError({ what: "bgh image", cause: `unknown subcommand "${positionals[0] ?? ""}"`, fix: "use `bgh image build [--engine IMAGE] [--recipe ID]`" });
  }
  const recipeId = values.recipe as string | undefined;
  const recipe = recipeId ? DEBIAN_RECIPES[recipeId] : recipeFor(engineRequest(values.engine as string | undefined));
  if (!recipe) {
    throw new HarnessError({ what: "bgh image build", cause: `unknown recipe "${recipeId}"`, fix: `choose one of ${Object.keys(DEBIAN_RECIPES).join(", ")}` });
  }
  if (values.rebuild || !(await localImageId(recipe.tag))) await buildDebianEngineImage(recipe);
  else console.log(`${recipe.tag} already exists (--rebuild to build it again).`);
  const engine = await resolveEngineImage({ reference: recipe.tag, flavorHint: recipe.flavor }, { runId: newRunId() });
  console.log(engineLine(engine));
  console.log(`Use it with BGH_MYSQL_IMAGE=${recipe.tag}`);
  return 0;
}
