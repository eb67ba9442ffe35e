import type { WriteKind } from "../../harness/workload/write-load.ts";
import { sqlIdentifier } from "../../harness/sql/sql-literal.ts";

/**
 * The tables of seed 001 ("alter a table whose primary key is nearing its maximum value"): joinit
 * references joinit_fk through an INT foreign key, and both are widened to BIGINT on green. The
 * database name is the caller's, so a rehearsal can run them under any name.
 */
export const FK_ROWS = 60;

export interface JoinitSchema {
  database: string;
  tables: { schema: string; table: string }[];
  create: string[];
  /** Seed 001's ALTERs on green, in its order: drop the FK, widen both sides, add the FK back. */
  widenToBigint: string[];
  seedRows(rows: number, batch?: number): string[];
  /** What an application does to joinit while the change happens: inserts, updates and deletes. */
  writes: WriteKind[];
}

export function joinitSchema(database = "app"): JoinitSchema {
  const db = sqlIdentifier(database);
  return {
    database,
    tables: [
      { schema: database, table: "joinit_fk" },
      { schema: database, table: "joinit" },
    ],
    create: [
      `CREATE DATABASE ${db}`,
      `CREATE TABLE ${db}.joinit_fk (
         i int NOT NULL,
         PRIMARY KEY (i)
       ) ENGINE=InnoDB`,
      `CREATE TABLE ${db}.joinit (
         i int NOT NULL AUTO_INCREMENT,
         s varchar(64) DEFAULT NULL,
         t time NOT NULL,
         g int NOT NULL,
         PRIMARY KEY (i),
         KEY g_fk (g),
         CONSTRAINT joinit_ibfk_1 FOREIGN KEY (g) REFERENCES joinit_fk (i) ON DELETE RESTRICT ON UPDATE CASCADE
       ) ENGINE=InnoDB DEFAULT CHARSET=latin1`,
    ],
    widenToBigint: [
      `ALTER TABLE ${db}.joinit DROP FOREIGN KEY joinit_ibfk_1`,
      `ALTER TABLE ${db}.joinit MODIFY COLUMN g bigint NOT NULL`,
      `ALTER TABLE ${db}.joinit_fk MODIFY COLUMN i bigint NOT NULL`,
      `ALTER TABLE ${db}.joinit ADD CONSTRAINT joinit_ibfk_1 FOREIGN KEY (g) REFERENCES ${db}.joinit_fk (i) ON DELETE RESTRICT ON UPDATE CASCADE`,
    ],
    seedRows(rows, batch = 1000) {
      const statements = [`INSERT INTO ${db}.joinit_fk (i) VALUES ${Array.from({ length: FK_ROWS }, (_, k) => `(${k + 1})`).join(",")}`];
      for (let start = 0; start < rows; start += batch) {
        const values = Array.from({ length: Math.min(batch, rows - start) }, (_, k) => {
          const n = start + k;
          return `('${n.toString(36)}', SEC_TO_TIME(${n % 86400}), ${(n % FK_ROWS) + 1})`;
        });
        statements.push(`INSERT INTO ${db}.joinit (s, t, g) VALUES ${values.join(",")}`);
      }
      return statements;
    },
    writes: [
      {
        name: "insert",
        weight: 6,
        run: async (connection, random) => {
          await connection.query(`INSERT INTO ${db}.joinit (s, t, g) VALUES (?, CURTIME(), ?)`, [`w${Math.floor(random() * 1e9).toString(36)}`, 1 + Math.floor(random() * FK_ROWS)]);
        },
      },
      {
        name: "update",
        weight: 3,
        run: async (connection, random) => {
          await connection.query(`UPDATE ${db}.joinit SET s = ?, g = ? WHERE i >= ? ORDER BY i LIMIT 1`, [`u${Math.floor(random() * 1e9).toString(36)}`, 1 + Math.floor(random() * FK_ROWS), Math.floor(random() * 20_000)]);
        },
      },
      {
        name: "delete",
        weight: 1,
        run: async (connection) => {
          await connection.query(`DELETE FROM ${db}.joinit ORDER BY i LIMIT 1`);
        },
      },
    ],
  };
}
