import net from "node:net";
import type { Connection as CallbackConnection } from "mysql2";
import mysql from "mysql2/promise";
import type { SqlRow, SqlRunner } from "./sql-runner.ts";

export interface ConnectionTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
  /** How the host name is resolved at each connect (default: the system's getaddrinfo, i.e. dns.lookup). */
  lookup?: net.LookupFunction;
}

/**
 * Connection options shared by every client of the harness. BIGINT and DECIMAL come back as strings:
 * the whole point of the harness is to see values above 2^53 and around 2^31 exactly, and a JS number
 * silently rounds them.
 */
export function connectionOptions(target: ConnectionTarget): mysql.ConnectionOptions {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    ...(target.database ? { database: target.database } : {}),
    // A resolver of the client's own (a late or caching one): the socket is opened with it.
    ...(target.lookup ? { stream: () => net.connect({ host: target.host, port: target.port, lookup: target.lookup }) } : {}),
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    timezone: "Z",
    connectTimeout: 5_000,
    multipleStatements: false,
  };
}

export function openConnection(target: ConnectionTarget): Promise<mysql.Connection> {
  return mysql.createConnection(connectionOptions(target));
}

/**
 * A SqlRunner over one lazily opened connection. When the server goes away (restart, kill), the next
 * query opens a new connection; the statement that failed is never retried, because the harness cannot
 * know whether it committed.
 */
export class MysqlSession implements SqlRunner {
  private connection: Promise<mysql.Connection> | undefined;

  constructor(private readonly target: () => ConnectionTarget) {}

  async query(sql: string, params?: readonly unknown[]): Promise<SqlRow[]> {
    const connection = await this.open();
    try {
      const [rows] = await connection.query({ sql, values: params as unknown[] | undefined });
      return Array.isArray(rows) ? (rows as SqlRow[]) : [];
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal) this.forget();
      throw error;
    }
  }

  async streamRows(sql: string, params: readonly unknown[], onRow: (values: unknown[]) => void): Promise<void> {
    const connection = await this.open();
    let thrown: unknown;
    try {
      await new Promise<void>((resolve, reject) => {
        // The callback API streams: each row is parsed and handed on as its packet arrives. The promise
        // wrapper holds that connection as .connection (public in mysql2's code, missing from its typings).
        (connection as unknown as { connection: CallbackConnection }).connection
          .query({ sql, values: params as unknown[], rowsAsArray: true })
          .on("result", (row: unknown) => {
            if (thrown !== undefined) return;
            try {
              onRow(row as unknown[]);
            } catch (error) {
              // The rest of the result is still read (the connection stays usable); the error is thrown after.
              thrown = error;
            }
          })
          .on("error", reject)
          .on("end", () => resolve());
      });
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal) this.forget();
      throw error;
    }
    if (thrown !== undefined) throw thrown;
  }

  async close(): Promise<void> {
    const pending = this.connection;
    this.connection = undefined;
    if (!pending) return;
    try {
      await (await pending).end();
    } catch {
      // Already closed by the server: nothing to release.
    }
  }

  private open(): Promise<mysql.Connection> {
    if (!this.connection) {
      const opening = openConnection(this.target());
      this.connection = opening;
      opening.then(
        (connection) => connection.on("error", () => this.forget(opening)),
        () => this.forget(opening),
      );
    }
    return this.connection;
  }

  private forget(which?: Promise<mysql.Connection>): void {
    if (!which || this.connection === which) this.connection = undefined;
  }
}
