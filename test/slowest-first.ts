import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The integration files that take a minute or more, slowest first, as measured in clean-clone runs
 * (2026-12-07, three files at a time: 80-150 s each). On a clean clone vitest knows no durations and
 * starts the largest files first, which put the MySQL catalogue (the longest, a small file) last: the
 * run then ended with one worker busy and two idle. A file missing here only runs in vitest's order.
 */
export const SLOWEST_FILES = [
  "test/integration/scenario-catalogue.test.ts",
  "test/integration/rehearsal-file/rehearsal-files.test.ts",
  "test/integration/mariadb-catalogue.test.ts",
  "test/integration/cli/soak-cli.test.ts",
  "test/integration/properties/switchover-rollback-ledger.property.test.ts",
  "test/integration/properties/conversion-domain.property.test.ts",
  "test/integration/fake-rds/switchover-guardrails.test.ts",
  "test/integration/rds-names/clients-follow-switchover.test.ts",
  "test/integration/int-to-bigint-rehearsal.test.ts",
];

/** `files` (vitest's order) with the slowest ones moved to the front, in SLOWEST_FILES' order; the rest keep theirs. */
export function slowestFirst<T>(files: readonly T[], pathOf: (file: T) => string): T[] {
  const rank = (file: T) => {
    const index = SLOWEST_FILES.findIndex((slow) => pathOf(file).replaceAll("\\", "/").endsWith(slow));
    return index < 0 ? SLOWEST_FILES.length : index;
  };
  return files
    .map((file, order) => ({ file, order, rank: rank(file) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ file }) => file);
}

/** vitest's order (failed first, then by known duration or size), with the slowest files moved to the front. */
export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return slowestFirst(await super.sort(files), (file) => file.moduleId);
  }
}
