import fc from "fast-check";
import { fitsIn, parseIntegerType, rangeOf, type IntegerType } from "../harness/conversion/integer-type.ts";
import { BlueGreenEnvironment } from "../harness/environment/blue-green-environment.ts";
import type { StartedBlueGreenEnvironment } from "../harness/environment/started-blue-green-environment.ts";
import { checkSeeded } from "../harness/properties/seeded-check.ts";
import { isHealthy } from "../harness/replication/replication-status.ts";
import { usingEnvironment } from "../harness/scenario/scenario-environment.ts";
import { check, recorderOf, type Scenario, type ScenarioCheck } from "../harness/scenario/scenario.ts";
import { sqlIdentifier, sqlTable } from "../harness/sql/sql-literal.ts";
import { unlogged } from "../harness/sql/unlogged.ts";
import { replicateBatch, type TypePair } from "./support/conversion-batch.ts";

export interface ConversionDomainOptions {
  schema: string;
  /** Source and replica column types, one table each: the INT -> BIGINT world and the rollback's narrowing. */
  pairs: Array<{ table: string; source: string; replica: string }>;
  /** replica_type_conversions values a run picks from. */
  conversions: string[];
  /** fast-check runs; each writes one batch per pair. */
  numRuns: number;
  /** Values per batch, at most. */
  maxBatch: number;
  /** Replays one counterexample, as a failure prints it. */
  path?: string;
  /** Seed when the run gives none (bgh rehearse always gives one). */
  seed: number;
}

const DEFAULTS: ConversionDomainOptions = {
  schema: "domain",
  pairs: [
    { table: "int_to_bigint", source: "INT", replica: "BIGINT" },
    { table: "uint_to_bigint", source: "INT UNSIGNED", replica: "BIGINT" },
    { table: "uint_to_ubigint", source: "INT UNSIGNED", replica: "BIGINT UNSIGNED" },
    { table: "bigint_to_int", source: "BIGINT", replica: "INT" },
    { table: "smallint_to_int", source: "SMALLINT", replica: "INT" },
  ],
  conversions: ["ALL_NON_LOSSY", "ALL_LOSSY", "ALL_NON_LOSSY,ALL_UNSIGNED"],
  numRuns: 30,
  maxBatch: 40,
  seed: 20261122,
};

/** Where conversions go wrong: around the 16-, 32- and 64-bit edges, signed and unsigned, and zero. */
const EDGE_POINTS = [0n, 2n ** 15n, 2n ** 16n, 2n ** 31n, 2n ** 32n, 2n ** 63n, 2n ** 64n];
const EDGES = [...new Set(EDGE_POINTS.flatMap((p) => [p, -p]).flatMap((p) => [p - 1n, p, p + 1n]))];

/** Any value of the type's domain, half the time one next to an edge. */
function domainOf(type: IntegerType): fc.Arbitrary<bigint> {
  const { min, max } = rangeOf(type);
  return fc.oneof(fc.constantFrom(...EDGES.filter((edge) => fitsIn(type, edge))), fc.bigInt({ min, max }));
}

/**
 * A property-based rehearsal: for values drawn from each source column's whole domain (biased to the
 * edges), written on blue and replicated into green's different column type, either the value arrives
 * as the conversion model predicts and the checker reports exactly the rows that changed, or the
 * applier stops with a conversion error the harness reports, the checker listing the batch as missing.
 * Never a silent difference. The run's seed drives fast-check: `--seed` replays the same values, and a
 * counterexample is reported with the command that replays it.
 */
export const conversionDomain: Scenario<ConversionDomainOptions> = {
  id: "conversion-domain",
  title: "Property: every value of a column's domain survives conversion replication or is reported (fast-check)",
  appliesTo: { engines: [{ flavor: "mysql", from: "8.0" }], reason: "the conversion model is MySQL's; MariaDB has no ALL_UNSIGNED and reports conversions differently (1677)" },
  expectation: "no value changes silently: green holds what the conversion model predicts, and the checker reports exactly the rows that changed, or the conversion error stops the applier and is reported",
  async run(context, overrides) {
    const options = { ...DEFAULTS, ...overrides };
    const seed = overrides?.seed ?? context.seed ?? DEFAULTS.seed;
    const pairs: TypePair[] = options.pairs.map((pair) => ({ table: pair.table, sourceType: parseIntegerType(pair.source), replicaType: parseIntegerType(pair.replica) }));
    const record = recorderOf(context);
    const schema = sqlIdentifier(options.schema);
    const environment = await record.phase("environment", () => new BlueGreenEnvironment(context.engine).withRunId(context.runId).start());
    return usingEnvironment(context, environment, async () => {
      await record.phase("green's columns changed", async () => {
        await environment.blue.writer.run([`CREATE DATABASE ${schema}`, ...options.pairs.map((p) => `CREATE TABLE ${schema}.${sqlIdentifier(p.table)} (id INT PRIMARY KEY, v ${p.source} NOT NULL)`)]);
        await environment.waitForGreenCatchUp();
        await environment.stopGreenReplication();
        await environment.green.writer.run(options.pairs.map((p) => `ALTER TABLE ${schema}.${sqlIdentifier(p.table)} MODIFY v ${p.replica} NOT NULL`));
        await environment.startGreenReplication();
      });

      const seen = { intact: 0, changed: 0, stoppedBatches: 0 };
      const runs = fc.record({
        conversions: fc.constantFrom(...options.conversions),
        batches: fc.tuple(...pairs.map((pair) => fc.array(domainOf(pair.sourceType), { minLength: 1, maxLength: options.maxBatch }))),
      });
      context.log(`${options.numRuns} runs from seed ${seed}, ${pairs.length} type pairs each`);
      const result = await record.phase("property", () =>
        checkSeeded(
          fc.asyncProperty(runs, async ({ conversions, batches }) => {
            await freshStart(environment, options, conversions);
            for (const [index, pair] of pairs.entries()) {
              const { outcome } = await replicateBatch(environment, options.schema, pair, conversions, batches[index]!);
              await resumeGreen(environment, conversions);
              if (outcome.kind === "stopped") seen.stoppedBatches++;
              else (seen.intact += outcome.intact), (seen.changed += outcome.changed);
            }
          }),
          { seed, numRuns: options.numRuns, shrink: context.shrink ?? true, timeLimitMs: 240_000, ...(options.path ? { path: options.path } : {}) },
        ),
      );

      const checks: ScenarioCheck[] = [];
      if (result.failed) {
        record.finding({ subject: "conversion-domain", kind: "changed", detail: `counterexample ${result.counterexample}: ${result.cause}` });
        checks.push(check("no value changed silently, and real MySQL did what the model predicts", false, `${result.cause}\ncounterexample after ${result.runs} runs: ${result.counterexample}\nreplay: npx bgh rehearse conversion-domain --seed ${seed} (the same runs find the same counterexample; fast-check path ${result.path})`));
      } else {
        checks.push(check("no value changed silently, and real MySQL did what the model predicts", true, `${result.runs} runs from seed ${seed}${result.interrupted ? " (stopped at the time limit)" : ""}: ${seen.intact} values intact, ${seen.changed} changed and reported, ${seen.stoppedBatches} batches stopped by a reported conversion error`));
        // Not vacuous: the runs met every outcome the property speaks of (a replayed single case need not).
        if (!options.path) checks.push(check("the runs met intact, changed and refused values", Object.values(seen).every((count) => count > 0), JSON.stringify(seen)));
      }
      return { reached: checks.every((c) => c.passed), checks, figures: { seed, runs: result.runs, ...seen }, details: { result }, ...(result.failed ? { counterexample: result.counterexample } : {}) };
    });
  },
};

/**
 * A stopped applier (a refused conversion, or a run that failed half-way) applies what is pending under
 * conversions that allow both directions, as a parameter group fix would, then gets `conversions` back.
 */
async function resumeGreen(environment: StartedBlueGreenEnvironment, conversions: string): Promise<void> {
  if (isHealthy(await environment.greenReplicationStatus())) return;
  await environment.setTypeConversions("green", "ALL_LOSSY,ALL_NON_LOSSY");
  await environment.startGreenReplication();
  await environment.waitForGreenCatchUp();
  await environment.setTypeConversions("green", conversions);
}

/** Every run starts from empty tables on both sides, green caught up. */
async function freshStart(environment: StartedBlueGreenEnvironment, options: ConversionDomainOptions, conversions: string): Promise<void> {
  await resumeGreen(environment, conversions);
  await environment.setTypeConversions("green", conversions);
  await environment.waitForGreenCatchUp();
  const truncate = options.pairs.map((p) => `TRUNCATE TABLE ${sqlTable(options.schema, p.table)}`);
  await Promise.all([unlogged(environment.blue.writer, truncate), unlogged(environment.green.writer, truncate)]);
}

export default conversionDomain;
