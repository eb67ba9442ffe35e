import { randomBytes } from "node:crypto";
import { RdsFault } from "../api/rds-fault.ts";

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("");
}

/** bgd- + 16 lowercase alphanumerics, as RDS names deployments. */
export function newDeploymentId(): string {
  return `bgd-${randomFrom(LOWER_ALNUM, 16)}`;
}

/** The suffix of a green resource: mydb-green-3ud8z6 (one suffix per resource). */
export function greenName(blueName: string): string {
  return `${blueName}-green-${randomFrom(LOWER_ALNUM, 6)}`;
}

/** Immutable resource ids: cluster-XXXX / db-XXXX (26 uppercase alphanumerics). Renames never change them. */
export function newResourceId(kind: "cluster" | "db"): string {
  return `${kind}-${randomFrom(UPPER_ALNUM, 26)}`;
}

/** The random part RDS puts in endpoint host names (mydb.cluster-c9akciq32.us-east-1.rds.amazonaws.com). */
export function newEndpointToken(): string {
  return randomFrom(LOWER_ALNUM, 12);
}

/**
 * DB cluster / instance identifiers: 1-63 letters, digits or hyphens, first a letter, no trailing
 * hyphen, no two consecutive hyphens. Stored lowercase, as RDS does.
 */
export function validateDbIdentifier(value: unknown, parameter: string): string {
  const text = requireString(value, parameter);
  if (!/^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,62}$/.test(text) || text.endsWith("-")) {
    throw new RdsFault(
      "InvalidParameterValue",
      `The parameter ${parameter} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`,
    );
  }
  return text.toLowerCase();
}

/** Blue/green deployment names: letters, digits and single hyphens, at most 60 characters. */
export function validateDeploymentName(value: unknown): string {
  const text = requireString(value, "BlueGreenDeploymentName");
  if (!/^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-)){0,59}$/.test(text) || text.endsWith("-")) {
    throw new RdsFault("InvalidParameterValue", `The parameter BlueGreenDeploymentName is not valid: "${text}". Use 1 to 60 letters, digits or single hyphens, starting with a letter.`);
  }
  return text;
}

export function requireString(value: unknown, parameter: string): string {
  if (value === undefined || value === null || value === "") {
    throw new RdsFault("MissingParameter", `The request must contain the parameter ${parameter}`);
  }
  if (typeof value !== "string") throw new RdsFault("InvalidParameterValue", `The parameter ${parameter} must be a string.`);
  return value;
}
