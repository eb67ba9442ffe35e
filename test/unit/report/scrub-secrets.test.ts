import { describe, expect, it } from "vitest";
import { scrubSecrets, scrubStrings } from "../../../harness/report/scrub-secrets.ts";

describe("scrubSecrets masks password-shaped values in free text", () => {
  it.each([
    ["password=s3cr3t host=db", "password=******** host=db"],
    ["MYSQL_ROOT_PASSWORD=s3cr3t", "MYSQL_ROOT_PASSWORD=********"],
    ["MYSQL_PWD=s3cr3t mysql -h db", "MYSQL_PWD=******** mysql -h db"],
    ["CHANGE REPLICATION SOURCE TO SOURCE_USER='repl', SOURCE_PASSWORD = 'p,a ss'", "CHANGE REPLICATION SOURCE TO SOURCE_USER='repl', SOURCE_PASSWORD = '********'"],
    [`{"user":"root","password":"s3\\"cr3t"}`, `{"user":"root","password":"********"}`],
    ["mysql -uroot --password=s3cr3t -h 127.0.0.1", "mysql -uroot --password=******** -h 127.0.0.1"],
    ["mysql -uroot --password s3cr3t -h 127.0.0.1", "mysql -uroot --password ******** -h 127.0.0.1"],
    ["CREATE USER 'app'@'%' IDENTIFIED BY 'it''s'", "CREATE USER 'app'@'%' IDENTIFIED BY '********'"],
    ["ALTER USER app IDENTIFIED WITH caching_sha2_password BY \"s3cr3t\";", 'ALTER USER app IDENTIFIED WITH caching_sha2_password BY "********";'],
    ["connect mysql://root:s3cr3t@127.0.0.1:3306/app", "connect mysql://root:********@127.0.0.1:3306/app"],
    ["AWS_SECRET_ACCESS_KEY=abcd1234", "AWS_SECRET_ACCESS_KEY=********"],
  ])("%s", (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
    expect(scrubSecrets(input)).not.toMatch(/s3cr3t|abcd1234|p,a ss|it''s/);
  });

  it("leaves text without secrets alone, including MySQL's own 'using password: YES'", () => {
    const text = "Access denied for user 'root'@'172.18.0.3' (using password: YES); mysql --password -h db asks at the prompt";
    expect(scrubSecrets(text)).toBe(text);
    expect(scrubSecrets("1062 Duplicate entry '3' for key 'customers.PRIMARY'")).toBe("1062 Duplicate entry '3' for key 'customers.PRIMARY'");
  });

  it("scrubStrings reaches every string of a nested value and keeps the rest", () => {
    const scrubbed = scrubStrings({ a: ["x password=p1"], b: { c: "IDENTIFIED BY 'p2'", n: 7, big: 9007199254740993n, none: null } });
    expect(scrubbed).toEqual({ a: ["x password=********"], b: { c: "IDENTIFIED BY '********'", n: 7, big: 9007199254740993n, none: null } });
  });
});
