/**
 * Fixed paths inside every node container. The data directory is NOT the image's /var/lib/mysql:
 * official images declare that a VOLUME, and `docker commit` does not capture volumes, so a
 * pre-initialized image must keep its data elsewhere.
 */
export const NODE_PATHS = {
  datadir: "/var/lib/bgh/data",
  /** CLONE ... DATA DIRECTORY target; the start script swaps it in as the datadir at the next start. */
  cloneDir: "/var/lib/bgh/clone",
  socket: "/var/run/mysqld/mysqld.sock",
  startScript: "/bgh/start.sh",
  initFile: "/bgh/init.sql",
} as const;

export const MYSQL_PORT = 3306;
