/**
 * What the wire layers call. Inputs and outputs are plain objects in the AWS SDK's shapes (the
 * members of e.g. CreateBlueGreenDeploymentCommandInput / ...Output from @aws-sdk/client-rds): lists
 * are arrays, timestamps are Date, booleans and numbers are typed. The HTTP layer turns form
 * parameters into these and these into XML; the aws-sdk-client-mock binding passes them through.
 * The backend knows nothing of HTTP or XML; the wire layer knows nothing of MySQL.
 */
export type RdsInput = Record<string, unknown>;
export type RdsOutput = Record<string, unknown>;

export interface RdsBackend {
  /** The operations this backend implements, by their API names ("CreateBlueGreenDeployment"). */
  readonly operations: ReadonlySet<string>;
  /** Runs one operation. Throws RdsFault for every refusal; any other error is a bug (an InternalFailure). */
  handle(operation: string, input: RdsInput): Promise<RdsOutput>;
}
