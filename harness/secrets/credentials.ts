import { randomBytes } from "node:crypto";

/**
 * Passwords are generated per run: a rehearsal's containers are reachable on the host's ports, and a
 * fixed password in a public tool is a password everyone knows. Reports and logs never print them;
 * connection details are shown only where the user asks for them.
 */
export interface NodeCredentials {
  rootUser: string;
  rootPassword: string;
  /** The replication user RDS itself uses between blue and green (seed 001's transcript shows it). */
  replicationUser: string;
  replicationPassword: string;
}

export function generateCredentials(): NodeCredentials {
  return {
    rootUser: "root",
    rootPassword: password(),
    replicationUser: "rdsrepladmin",
    replicationPassword: password(),
  };
}

/** 24 characters from an alphabet that needs no quoting in SQL, shells or URLs. */
function password(): string {
  return randomBytes(18).toString("base64").replace(/\+/g, "x").replace(/\//g, "y");
}

/** Replaces any of the given secrets in text meant for logs or reports. */
export function redact(text: string, credentials: NodeCredentials): string {
  let result = text;
  for (const secret of [credentials.rootPassword, credentials.replicationPassword]) {
    result = result.split(secret).join("********");
  }
  return result;
}
