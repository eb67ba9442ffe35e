import { execFile, execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * Finds the real AWS clients on this machine, so the fake can be tried with them when they are
 * there: the AWS CLI v2 (Debian: apt-get install -y awscli) and Python interpreters with boto3
 * (Debian: apt-get install -y python3-boto3). Each lookup says why it found nothing.
 */

export type Found<T> = { readonly found: T } | { readonly missing: string };

/** Every executable of that name on PATH, then the usual system places, without duplicates. */
function candidates(name: string, systemPlaces: string[]): string[] {
  const onPath = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  const seen = new Set<string>();
  return [...onPath, ...systemPlaces].filter((file) => {
    if (!existsSync(file) || seen.has(file)) return false;
    seen.add(file);
    return true;
  });
}

function run(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return undefined;
  }
}

export function findAwsCliV2(): Found<{ path: string; version: string }> {
  const versions: string[] = [];
  for (const file of candidates("aws", ["/usr/bin/aws", "/usr/local/bin/aws"])) {
    const version = run(file, ["--version"]);
    if (version === undefined) continue;
    if (version.startsWith("aws-cli/2.")) return { found: { path: file, version } };
    versions.push(`${file}: ${version}`);
  }
  const seen = versions.length === 0 ? "no aws command found" : `only ${versions.join("; ")}`;
  return { missing: `AWS CLI v2 not installed (${seen}); install it with: apt-get install -y awscli` };
}

export function findBoto3Pythons(): Found<Array<{ python: string; version: string }>> {
  const found = new Map<string, { python: string; version: string }>();
  for (const file of candidates("python3", ["/usr/bin/python3", "/usr/local/bin/python3"])) {
    const answer = run(file, ["-c", "import sys, boto3, botocore; print(sys.executable); print(f'boto3 {boto3.__version__}, botocore {botocore.__version__}')"]);
    if (answer === undefined) continue;
    const [executable, version] = answer.split("\n");
    const key = existsSync(executable!) ? realpathSync(executable!) : executable!;
    if (!found.has(key)) found.set(key, { python: file, version: version! });
  }
  if (found.size === 0) return { missing: "no python3 with boto3 found; install it with: apt-get install -y python3-boto3" };
  return { found: [...found.values()] };
}

/** Runs a client without blocking the event loop, which is also serving the fake it talks to. */
export function runTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** An environment with dummy credentials and no user configuration, so only the fake is reached. */
export function isolatedAwsEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: "x",
    AWS_SECRET_ACCESS_KEY: "x",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    ...extra,
  };
}
