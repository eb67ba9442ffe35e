import {
  BlueGreenDeploymentNotFoundFault,
  DBClusterParameterGroupNotFoundFault,
  DBInstanceNotFoundFault,
  DBSecurityGroupQuotaExceededFault,
  InvalidBlueGreenDeploymentStateFault,
  RDSServiceException,
} from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { RdsFault } from "../../../fakes/rds/api/rds-fault.ts";
import { modeledExceptionClass, sdkExceptionOf } from "../../../fakes/rds/wire/sdk-exceptions.ts";

describe("modeledExceptionClass", () => {
  it.each([
    ["BlueGreenDeploymentNotFoundFault", BlueGreenDeploymentNotFoundFault],
    ["InvalidBlueGreenDeploymentStateFault", InvalidBlueGreenDeploymentStateFault],
    ["DBInstanceNotFound", DBInstanceNotFoundFault],
    ["DBClusterParameterGroupNotFound", DBClusterParameterGroupNotFoundFault],
    ["DBInstanceNotFoundFault", DBInstanceNotFoundFault],
    ["QuotaExceeded.DBSecurityGroup", DBSecurityGroupQuotaExceededFault],
  ])("finds the SDK class for wire code %s", (code, expected) => {
    expect(modeledExceptionClass(code)).toBe(expected);
  });

  it.each(["InvalidParameterValue", "MissingParameter", "InternalFailure", "RDSClient", "DescribeDBInstancesCommand", "RDSServiceException", "toString"])(
    "finds none for %s, which is no modeled RDS error",
    (code) => {
      expect(modeledExceptionClass(code)).toBeUndefined();
    },
  );
});

describe("sdkExceptionOf", () => {
  it("builds the modeled exception with what the SDK reads from the wire", () => {
    const error = sdkExceptionOf(new RdsFault("DBInstanceNotFound", "DBInstance db-1 not found.", 404), "req-1");
    expect(error).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(error).toBeInstanceOf(RDSServiceException);
    expect({ ...error }).toEqual({
      name: "DBInstanceNotFoundFault",
      $fault: "client",
      $metadata: { httpStatusCode: 404, requestId: "req-1", attempts: 1, totalRetryDelay: 0 },
      message: "DBInstance db-1 not found.",
      Type: "Sender",
      Code: "DBInstanceNotFound",
      Error: { Type: "Sender", Code: "DBInstanceNotFound", Message: "DBInstance db-1 not found." },
      RequestId: "req-1",
      xmlns: "http://rds.amazonaws.com/doc/2014-10-31/",
    });
    expect(error.message).toBe("DBInstance db-1 not found.");
  });

  it("builds an RDSServiceException named by the code for the rest, server-side for 5xx", () => {
    const error = sdkExceptionOf(new RdsFault("InternalFailure", "boom", 500, "Receiver"), "req-2");
    expect(error.constructor).toBe(RDSServiceException);
    expect(error).toMatchObject({ name: "InternalFailure", $fault: "server", message: "boom", Code: "InternalFailure", Type: "Receiver", $metadata: { httpStatusCode: 500 } });
    expect(sdkExceptionOf(new RdsFault("InvalidParameterValue", "bad"), "r").$fault).toBe("client");
  });
});
