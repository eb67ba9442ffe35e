import { runAptGet } from "../../../harness/docker/apt.ts";
import { findAwsCliV2 } from "../rds-wire/support/aws-tools.ts";

/**
 * The AWS CLI v2 for tests that drive the fake RDS as users' scripts do. Where it is missing (a fresh
 * Debian machine has none) Debian's `awscli` package (v2) is installed, once; later calls find it.
 */
export function ensureAwsCliV2(): { path: string; version: string } {
  const before = findAwsCliV2();
  if ("found" in before) return before.found;
  runAptGet(["awscli"], "installing the AWS CLI v2 (Debian's awscli) for the tests that run it against the fake RDS");
  const after = findAwsCliV2();
  if ("missing" in after) throw new Error(`apt-get installed awscli, yet ${after.missing}`);
  return after.found;
}
