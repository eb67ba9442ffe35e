import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * botocore data folders on this machine, where AWS tools read their service and waiter models:
 * - the given AWS CLI's own (v2 bundles botocore: the official installer's `dist/awscli/botocore/data`
 *   beside its `dist/aws`, or, for Debian's package and pip installs, the `awscli` package its Python
 *   interpreter imports), first;
 * - Python's botocore (what boto3 loads, and a pip-installed CLI v1).
 * `cliFound` says whether the CLI's own folder was among them: without it, what the CLI builds from a
 * model cannot be known.
 */
export function botocoreDataFolders(aws: string | undefined): { folders: string[]; cliFound: boolean } {
  const cli: string[] = [];
  if (aws) {
    const real = safely(() => realpathSync(aws));
    if (real) {
      cli.push(path.join(path.dirname(real), "awscli", "botocore", "data"));
      const interpreter = shebangInterpreter(real);
      const awscli = interpreter ? pythonPrint(interpreter, "import awscli, os; print(os.path.dirname(awscli.__file__))") : undefined;
      if (awscli) cli.push(path.join(awscli, "botocore", "data"));
    }
  }
  const cliFolders = cli.filter((folder) => existsSync(folder));
  const botocore = pythonPrint("python3", "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))");
  const folders = [...new Set([...cliFolders, ...(botocore && existsSync(botocore) ? [botocore] : [])].map((folder) => path.resolve(folder)))];
  return { folders, cliFound: cliFolders.length > 0 };
}

/** The interpreter of a Python script ("#!/usr/bin/python3", "#!/usr/bin/env python3"), reading only its first line. */
function shebangInterpreter(file: string): string | undefined {
  const head = safely(() => {
    const descriptor = openSync(file, "r");
    try {
      const buffer = Buffer.alloc(200);
      return buffer.subarray(0, readSync(descriptor, buffer, 0, 200, 0)).toString("latin1");
    } finally {
      closeSync(descriptor);
    }
  });
  const line = head?.startsWith("#!") ? head.slice(2).split("\n")[0]!.trim() : undefined;
  if (!line || !/python/.test(line)) return undefined;
  const words = line.split(/\s+/);
  return words[0]!.endsWith("/env") ? words[1] : words[0];
}

function pythonPrint(python: string, program: string): string | undefined {
  const result = spawnSync(python, ["-c", program], { encoding: "utf8", timeout: 15_000 });
  return result.status === 0 ? result.stdout.trim() || undefined : undefined;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
