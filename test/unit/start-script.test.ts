import { describe, expect, it } from "vitest";
import { MysqlDialect } from "../../harness/engine/mysql-dialect.ts";
import { parseServerVersion } from "../../harness/engine/server-version.ts";
import { initSql } from "../../harness/node/init-sql.ts";
import { defaultServerOptions } from "../../harness/node/server-options.ts";
import { shellQuote, startScript } from "../../harness/node/start-script.ts";
import { generateCredentials, redact } from "../../harness/secrets/credentials.ts";

const dialect = new MysqlDialect(parseServerVersion("9.7.4-2"));

describe("the node start script", () => {
  const script = startScript(dialect, { ...defaultServerOptions(7), typeConversions: "ALL_NON_LOSSY,ALL_UNSIGNED" });

  it("initializes only an empty data directory, without the image's server_uuid", () => {
    expect(script).toMatch(/if \[ ! -d \/var\/lib\/bgh\/data\/mysql \]; then[\s\S]*--initialize-insecure[\s\S]*rm -f \/var\/lib\/bgh\/data\/auto.cnf/);
  });

  it("swaps in a cloned data directory, stops after initializing when asked, and execs the daemon", () => {
    expect(script).toContain("mv /var/lib/bgh/clone /var/lib/bgh/data");
    expect(script).toContain('if [ "${BGH_INITIALIZE_ONLY:-}" = 1 ]; then exit 0; fi');
    expect(script).toMatch(/exec "\$DAEMON" --no-defaults .*--server-id=7 .*--replica-type-conversions=ALL_NON_LOSSY,ALL_UNSIGNED/);
  });

  it("quotes what the shell would split or expand", () => {
    expect(shellQuote("--log-bin=mysql-bin-changelog")).toBe("--log-bin=mysql-bin-changelog");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});

describe("the init file", () => {
  const credentials = generateCredentials();
  const sql = initSql(dialect, credentials);

  it("creates the users with the binary log off, idempotently", () => {
    const lines = sql.trim().split("\n");
    expect(lines[0]).toBe("SET sql_log_bin = 0;");
    expect(lines.at(-1)).toBe("SET sql_log_bin = 1;");
    expect(sql).toContain(`CREATE USER IF NOT EXISTS 'rdsrepladmin'@'%' IDENTIFIED BY '${credentials.replicationPassword}';`);
    expect(sql).toContain("GRANT REPLICATION SLAVE, REPLICATION CLIENT, BACKUP_ADMIN ON *.* TO 'rdsrepladmin'@'%';");
  });

  it("generates a different password each run, and redacts them from text", () => {
    const other = generateCredentials();
    expect(other.rootPassword).not.toBe(credentials.rootPassword);
    expect(credentials.rootPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(redact(`password=${credentials.rootPassword};repl=${credentials.replicationPassword}`, credentials)).toBe("password=********;repl=********");
  });
});
