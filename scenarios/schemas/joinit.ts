import type { WriteKind } from "../../harness/workload/write-load.ts";

/**
 * The tables of seed 001 ("alter a table whose primary key is nearing its maximum value"): joinit
 * references joinit_fk through an INT foreign key, and both are widened to BIGINT on green.
 */
export const JOINIT_SCHEMA = "app";
export const FK_ROWS = 60;

export const createJoinitSchema = [
  `CREATE DATABASE ${JOINIT_SCHEMA}`,
  `CREATE TABLE ${JOINIT_SCHEMA}.joinit_fk (
     i int NOT NULL,
     PRIMARY KEY (i)
   ) ENGINE=InnoDB`,
  `CREATE TABLE ${JOINIT_SCHEMA}.joinit (
     i int NOT NULL AUTO_INCREMENT,
     s varchar(64) DEFAULT NULL,
     t time NOT NULL,
     g int NOT NULL,
     PRIMARY KEY (i),
     KEY g_fk (g),
     CONSTRAINT joinit_ibfk_1 FOREIGN KEY (g) REFERENCES joinit_fk (i) ON DELETE RESTRICT ON UPDATE CASCADE
   ) ENGINE=InnoDB DEFAULT CHARSET=latin1`,
];

/** Seed 001's ALTERs on green, in its order: drop the FK, widen both sides, add the FK back. */
export const widenJoinitToBigint = [
  `ALTER TABLE ${JOINIT_SCHEMA}.joinit DROP FOREIGN KEY joinit_ibfk_1`,
  `ALTER TABLE ${JOINIT_SCHEMA}.joinit MODIFY COLUMN g bigint NOT NULL`,
  `ALTER TABLE ${JOINIT_SCHEMA}.joinit_fk MODIFY COLUMN i bigint NOT NULL`,
  `ALTER TABLE ${JOINIT_SCHEMA}.joinit ADD CONSTRAINT joinit_ibfk_1 FOREIGN KEY (g) REFERENCES ${JOINIT_SCHEMA}.joinit_fk (i) ON DELETE RESTRICT ON UPDATE CASCADE`,
];

export function seedJoinitRows(rows: number, batch = 1000): string[] {
  const statements = [`INSERT INTO ${JOINIT_SCHEMA}.joinit_fk (i) VALUES ${Array.from({ length: FK_ROWS }, (_, k) => `(${k + 1})`).join(",")}`];
  for (let start = 0; start < rows; start += batch) {
    const values = Array.from({ length: Math.min(batch, rows - start) }, (_, k) => {
      const n = start + k;
      return `('${n.toString(36)}', SEC_TO_TIME(${n % 86400}), ${(n % FK_ROWS) + 1})`;
    });
    statements.push(`INSERT INTO ${JOINIT_SCHEMA}.joinit (s, t, g) VALUES ${values.join(",")}`);
  }
  return statements;
}

/** What an application does to joinit while the change happens: inserts, updates and deletes. */
export const joinitWrites: WriteKind[] = [
  {
    name: "insert",
    weight: 6,
    run: async (connection, random) => {
      await connection.query(`INSERT INTO ${JOINIT_SCHEMA}.joinit (s, t, g) VALUES (?, CURTIME(), ?)`, [`w${Math.floor(random() * 1e9).toString(36)}`, 1 + Math.floor(random() * FK_ROWS)]);
    },
  },
  {
    name: "update",
    weight: 3,
    run: async (connection, random) => {
      await connection.query(`UPDATE ${JOINIT_SCHEMA}.joinit SET s = ?, g = ? WHERE i >= ? ORDER BY i LIMIT 1`, [`u${Math.floor(random() * 1e9).toString(36)}`, 1 + Math.floor(random() * FK_ROWS), Math.floor(random() * 20_000)]);
    },
  },
  {
    name: "delete",
    weight: 1,
    run: async (connection) => {
      await connection.query(`DELETE FROM ${JOINIT_SCHEMA}.joinit ORDER BY i LIMIT 1`);
    },
  },
];
