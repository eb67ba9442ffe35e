import type { EngineDialect, ServerOptions } from "../engine/dialect.ts";
import { NODE_PATHS } from "./node-paths.ts";

/**
 * The shell script every node container runs as its entrypoint. One script for every image (official
 * MySQL/MariaDB images, Debian-built ones, pre-initialized ones): it only needs `sh` and the daemon.
 * - initializes the data directory if the image has none (cold start), dropping auto.cnf so that every
 *   container gets its own server_uuid (two equal UUIDs break replication);
 * - swaps in a data directory received by CLONE ... DATA DIRECTORY;
 * - exits after initializing when BGH_INITIALIZE_ONLY=1 (deriving a pre-initialized image);
 * - `exec`s the daemon, so that docker stop's SIGTERM reaches mysqld and it shuts down cleanly.
 */
export function startScript(dialect: EngineDialect, options: ServerOptions): string {
  const { datadir, cloneDir, socket } = NODE_PATHS;
  const socketDir = socket.slice(0, socket.lastIndexOf("/"));
  return [
    "#!/bin/sh",
    "set -e",
    `mkdir -p ${socketDir} /var/lib/mysql-files /var/lib/bgh`,
    `if [ -d ${cloneDir}/mysql ]; then`,
    `  echo "bgh: using the data directory received by CLONE"`,
    `  rm -rf ${datadir}; mv ${cloneDir} ${datadir}`,
    "fi",
    ...initializeDatadirLines(dialect),
    'if [ "${BGH_INITIALIZE_ONLY:-}" = 1 ]; then exit 0; fi',
    // MariaDB images ship both names; prefer its own.
    'DAEMON=$(command -v mariadbd || command -v mysqld) || { echo "bgh: this image has neither mysqld nor mariadbd" >&2; exit 127; }',
    `exec "$DAEMON" ${shellWords(dialect.serverArgs(options))}`,
    "",
  ].join("\n");
}

/** Initializes the data directory when it has none; shared with the derivation of pre-initialized images. */
export function initializeDatadirLines(dialect: EngineDialect): string[] {
  const { datadir } = NODE_PATHS;
  return [
    `if [ ! -d ${datadir}/mysql ]; then`,
    `  echo "bgh: initializing an empty data directory"`,
    `  mkdir -p ${datadir} /var/run/mysqld /var/lib/mysql-files`,
    `  ${shellWords(dialect.initializeCommand(datadir))}`,
    `  rm -f ${datadir}/auto.cnf`,
    "fi",
  ];
}

export function shellWords(words: string[]): string {
  return words.map(shellQuote).join(" ");
}

export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
