/**
 * A MySQL ERR packet sent in place of the server greeting, for TcpProxy's `refusal` option. A TCP
 * hang-up makes a client report a lost connection; a server that refuses sends an error first, and
 * clients, retry logic included, key on its code. RDS clears and refuses connections during
 * switchover with MySQL's offline_mode, whose refusal is ER_SERVER_OFFLINE_MODE. mysql2 (and
 * libmysqlclient) accept an error as the first packet: it is how "Too many connections" arrives.
 */
export function mysqlErrorPacket(code: number, sqlState: string, message: string): Uint8Array {
  if (!/^[0-9A-Z]{5}$/.test(sqlState)) throw new Error(`SQLSTATE must be 5 characters, got "${sqlState}"`);
  const payload = Buffer.concat([Buffer.from([0xff, code & 0xff, code >> 8]), Buffer.from(`#${sqlState}${message}`, "utf8")]);
  // Header: 3-byte little-endian payload length, then sequence id 0 (the server's first packet).
  const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, 0]);
  return Buffer.concat([header, payload]);
}

/** What a MySQL server in offline_mode answers a client without CONNECTION_ADMIN: error 3032. */
export function mysqlOfflineModeRefusal(): { reply: Uint8Array } {
  return { reply: mysqlErrorPacket(3032, "HY000", "The server is currently in offline mode") };
}
