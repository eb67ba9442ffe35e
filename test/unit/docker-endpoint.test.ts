import { describe, expect, it } from "vitest";
import { demultiplex } from "../../harness/docker/run-once.ts";
import { describeEndpoint, endpointFromEnv, pingDocker } from "../../harness/docker/docker-ping.ts";
import { RecentLines } from "../../harness/node/recent-lines.ts";

describe("where the Docker engine is", () => {
  it("reads DOCKER_HOST forms and defaults to the local socket", () => {
    expect(endpointFromEnv({})).toEqual({ kind: "socket", path: "/var/run/docker.sock" });
    expect(endpointFromEnv({ DOCKER_HOST: "unix:///run/user/1000/docker.sock" })).toEqual({ kind: "socket", path: "/run/user/1000/docker.sock" });
    expect(endpointFromEnv({ DOCKER_HOST: "tcp://10.0.0.5:2375" })).toEqual({ kind: "tcp", host: "10.0.0.5", port: 2375 });
    expect(() => endpointFromEnv({ DOCKER_HOST: "ssh://me@host" })).toThrow(/neither unix:\/\/\/path nor tcp:\/\/host:port/);
    expect(describeEndpoint({ kind: "tcp", host: "h", port: 1 })).toBe("tcp://h:1");
  });

  it("a socket nobody listens on answers false, not an exception", async () => {
    expect(await pingDocker({ kind: "socket", path: "/nonexistent/docker.sock" }, 500)).toBe(false);
  });
});

describe("container output", () => {
  it("demultiplexes Docker's framed stdout/stderr stream", () => {
    const frame = (stream: number, text: string) => Buffer.concat([Buffer.from([stream, 0, 0, 0, 0, 0, 0, text.length]), Buffer.from(text)]);
    expect(demultiplex(Buffer.concat([frame(1, "DAEMON=/usr/sbin/mysqld\n"), frame(2, "Ver 9.7.4")]))).toBe("DAEMON=/usr/sbin/mysqld\nVer 9.7.4");
  });

  it("keeps only the last lines a dying server printed", () => {
    const recent = new RecentLines(2);
    recent.add("one\ntwo\nthr");
    recent.add("ee\n");
    expect(recent.text()).toBe("two\nthree");
  });
});
