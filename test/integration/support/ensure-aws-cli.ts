import { ensureRunbookTools } from "../../../harness/tools/runbook-tools.ts";

/**
 * The AWS CLI v2 for tests that drive the fake RDS as users' scripts do: found, or installed from
 * Debian's packages the way `bgh rehearse` installs what a runbook needs (harness/tools).
 */
export function ensureAwsCliV2(): { path: string; version: string } {
  const tools = ensureRunbookTools();
  tools.remove();
  return { path: tools.aws, version: tools.awsVersion };
}
