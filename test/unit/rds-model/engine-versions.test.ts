import { describe, expect, it } from "vitest";
import { checkUpgradePath, compareEngineVersions, engineVersionFamily, imageForVersion, parseEngineImageOverrides } from "../../../fakes/rds/model/engine-versions.ts";

describe("RDS engine versions and the images they run on", () => {
  it("maps Aurora MySQL 3 and 8.0.x to mysql:8.0, 8.4.x to mysql:8.4, MariaDB majors to mariadb:<major>", () => {
    const image = (engine: "aurora-mysql" | "mysql" | "mariadb", version: string) => imageForVersion(engineVersionFamily(engine, version), version, {});
    expect(image("aurora-mysql", "8.0.mysql_aurora.3.05.2")).toBe("mysql:8.0");
    expect(image("mysql", "8.0.40")).toBe("mysql:8.0");
    expect(image("mysql", "8.4.6")).toBe("mysql:8.4");
    expect(image("mariadb", "10.11.10")).toBe("mariadb:10.11");
    expect(image("mariadb", "11.8.3")).toBe("mariadb:11.8");
    expect(image("mariadb", "10.6.21")).toBe("mariadb:10.6");
  });

  it("lets the user override a series or one exact version", () => {
    const overrides = parseEngineImageOverrides(" 8.4=registry.example.com/mysql:8.4.3 , 11.8.3=mariadb:11.8.2");
    expect(overrides).toEqual({ "8.4": "registry.example.com/mysql:8.4.3", "11.8.3": "mariadb:11.8.2" });
    expect(imageForVersion(engineVersionFamily("mysql", "8.4.6"), "8.4.6", overrides)).toBe("registry.example.com/mysql:8.4.3");
    expect(imageForVersion(engineVersionFamily("mariadb", "11.8.3"), "11.8.3", overrides)).toBe("mariadb:11.8.2");
    expect(imageForVersion(engineVersionFamily("mariadb", "11.8.4"), "11.8.4", overrides)).toBe("mariadb:11.8");
    expect(() => parseEngineImageOverrides("mysql:8.4")).toThrow(/"mysql:8\.4" is not series=image[\s\S]*BGH_ENGINE_IMAGES="8\.4=mysql:8\.4\.3/);
  });

  it("refuses an unknown version with RDS's error and the versions that map", () => {
    expect(() => engineVersionFamily("mysql", "9.1.0")).toThrow("Cannot find version 9.1.0 for mysql. Versions this fake maps to an engine image: 8.0.N, 8.4.N.");
    expect(() => engineVersionFamily("aurora-mysql", "5.7.mysql_aurora.2.11.2")).toThrow(/Cannot find version 5\.7\.mysql_aurora\.2\.11\.2 for aurora-mysql\. .*8\.0\.mysql_aurora\.3\.NN\.N/);
    expect(() => engineVersionFamily("mariadb", "10.4.34")).toThrow(/10\.5\.N, 10\.6\.N, 10\.11\.N, 11\.4\.N, 11\.8\.N/);
  });

  it("refuses downgrades and upgrade paths RDS does not offer, across engines too", () => {
    expect(() => checkUpgradePath("mariadb", "11.8.3", "10.11.10")).toThrow(/Cannot upgrade mariadb from 11\.8\.3 to 10\.11\.10: .*don't support downgrades/);
    expect(() => checkUpgradePath("mysql", "8.0.40", "8.0.36")).toThrow(/downgrades/);
    expect(() => checkUpgradePath("aurora-mysql", "8.0.mysql_aurora.3.05.2", "8.4.6")).toThrow("Cannot find version 8.4.6 for aurora-mysql");
    expect(checkUpgradePath("mariadb", "10.6.21", "11.8.3").series).toBe("11.8");
    expect(checkUpgradePath("mysql", "8.0.40", "8.4.6").series).toBe("8.4");
    expect(checkUpgradePath("aurora-mysql", "8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.08.1").series).toBe("8.0");
  });

  it("orders versions by their numbers, Aurora's included", () => {
    expect(compareEngineVersions("10.11.10", "10.6.21")).toBeGreaterThan(0);
    expect(compareEngineVersions("8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.10.0")).toBeLessThan(0);
    expect(compareEngineVersions("8.4.6", "8.4.6")).toBe(0);
  });
});
