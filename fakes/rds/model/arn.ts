/** Where the fake pretends to be: ARNs, endpoint host names and events carry these. */
export interface RdsLocation {
  region: string;
  accountId: string;
}

export const DEFAULT_LOCATION: RdsLocation = { region: "us-east-1", accountId: "123456789012" };

/** RDS ARN resource types: arn:aws:rds:<region>:<account>:<type>:<name>. */
export type ArnResourceType = "cluster" | "db" | "cluster-pg" | "pg" | "deployment" | "cluster-endpoint";

export function arn(location: RdsLocation, type: ArnResourceType, name: string): string {
  return `arn:aws:rds:${location.region}:${location.accountId}:${type}:${name}`;
}

export function parseArn(text: string): { location: RdsLocation; type: string; name: string } | undefined {
  const match = /^arn:aws:rds:([a-z0-9-]+):(\d{12}):([a-z-]+):(.+)$/.exec(text);
  if (!match) return undefined;
  return { location: { region: match[1]!, accountId: match[2]! }, type: match[3]!, name: match[4]! };
}
