import type { EngineFlavor } from "../engine/dialect.ts";
import type { ImageRequest } from "./image-request.ts";

/**
 * How to make an engine image from Debian's packages when no registry can be reached. Debian stable
 * has no Oracle MySQL; unstable has MySQL 9.7 (needs unstable's libc, so only inside its own root
 * filesystem, never on the host). MariaDB comes from stable (10.11) or trixie (11.8).
 */
export interface DebianRecipe {
  id: string;
  flavor: EngineFlavor;
  suite: string;
  packages: string[];
  /** For people: what they get instead of what they asked for. */
  description: string;
  /** The tag of the built image. */
  tag: string;
  /** The server version it builds, as far as known before building (Debian unstable moves: only the major). */
  serverSeries: { major: number; minor?: number };
}

export const DEBIAN_RECIPES: Record<string, DebianRecipe> = {
  "mysql-sid": {
    id: "mysql-sid",
    flavor: "mysql",
    suite: "sid",
    packages: ["mysql-server-core", "mysql-client-core"],
    description: "Oracle MySQL from Debian unstable (9.x)",
    tag: "bgh/engine:mysql-debian-sid",
    serverSeries: { major: 9 },
  },
  "mariadb-bookworm": {
    id: "mariadb-bookworm",
    flavor: "mariadb",
    suite: "bookworm",
    packages: ["mariadb-server", "mariadb-client"],
    description: "MariaDB 10.11 from Debian 12 (bookworm)",
    tag: "bgh/engine:mariadb-debian-bookworm",
    serverSeries: { major: 10, minor: 11 },
  },
  "mariadb-trixie": {
    id: "mariadb-trixie",
    flavor: "mariadb",
    suite: "trixie",
    packages: ["mariadb-server", "mariadb-client"],
    description: "MariaDB 11.8 from Debian 13 (trixie)",
    tag: "bgh/engine:mariadb-debian-trixie",
    serverSeries: { major: 11, minor: 8 },
  },
};

/** The closest Debian build to what was asked for. */
export function recipeFor(request: Pick<ImageRequest, "flavorHint" | "versionHint">): DebianRecipe {
  if (request.flavorHint === "mysql") return DEBIAN_RECIPES["mysql-sid"]!;
  const major = Number(request.versionHint?.split(".")[0] ?? "11");
  return major >= 11 ? DEBIAN_RECIPES["mariadb-trixie"]! : DEBIAN_RECIPES["mariadb-bookworm"]!;
}
