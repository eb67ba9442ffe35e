/**
 * An RDS error as the service reports it: the model throws these, and each way in (HTTP, the
 * aws-sdk-client-mock binding, the typed API) presents them as RDS would. The wire code is what
 * clients match on, and it is NOT always the shape name (DBInstanceNotFoundFault travels as
 * "DBInstanceNotFound"): see ../../../../shared/reference/rds-api.md.
 */
export class RdsFault extends Error {
  constructor(
    /** The wire <Code>, e.g. "BlueGreenDeploymentNotFoundFault", "DBInstanceNotFound", "InvalidParameterValue". */
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
    /** "Sender" for the caller's faults (all RDS faults here), "Receiver" for the service's own. */
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
    this.name = code;
  }
}
