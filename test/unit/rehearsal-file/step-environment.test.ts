import { describe, expect, it } from "vitest";
import type { RehearsalRun } from "../../../scenarios/rehearsal/rehearsal-run.ts";
import { stepEnvironment } from "../../../scenarios/rehearsal/step-environment.ts";

/** The parts of a run a step's environment reads before any endpoint exists (no servers: every endpoint is skipped). */
function runWith(tools: { toolsPath?: string; awsDataPath?: string }): RehearsalRun {
  return {
    definition: { cluster: { name: "shop" }, database: "app" },
    fake: { service: { url: "http://127.0.0.1:4599", model: { state: { instances: new Map() } } }, cluster: { arn: "arn:aws:rds:us-east-1:123456789012:cluster:shop" } },
    application: { user: "bgh_app", password: "secret" },
    ...tools,
  } as unknown as RehearsalRun;
}

describe("a runbook step's environment", () => {
  it("puts the quick waiters first on AWS_DATA_PATH, keeping the user's own folders after them", () => {
    const env = stepEnvironment(runWith({ toolsPath: "/tmp/bgh-runbook-bin-x", awsDataPath: "/tmp/bgh-runbook-bin-x/aws-data" }), {}, { PATH: "/usr/bin", AWS_DATA_PATH: "/home/me/models" });
    expect(env.AWS_DATA_PATH).toBe("/tmp/bgh-runbook-bin-x/aws-data:/home/me/models");
    expect(env.PATH).toBe("/tmp/bgh-runbook-bin-x:/usr/bin");
    expect(env.AWS_ENDPOINT_URL_RDS).toBe("http://127.0.0.1:4599");
  });

  it("adds no empty AWS_DATA_PATH entry (botocore would then search the working directory)", () => {
    expect(stepEnvironment(runWith({ awsDataPath: "/q" }), {}, { PATH: "/usr/bin" }).AWS_DATA_PATH).toBe("/q");
  });

  it("leaves the user's AWS_DATA_PATH alone when there are no quick waiters", () => {
    expect(stepEnvironment(runWith({}), {}, { PATH: "/usr/bin", AWS_DATA_PATH: "/home/me/models" }).AWS_DATA_PATH).toBe("/home/me/models");
    expect(stepEnvironment(runWith({}), {}, { PATH: "/usr/bin" }).AWS_DATA_PATH).toBeUndefined();
  });
});
