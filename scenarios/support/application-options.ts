/**
 * What the RDS scenarios share in their options: the cluster the application writes to, and its
 * table, written by the ledger workload (an integer key and value; the workload owns every row).
 */
export interface ApplicationOptions {
  /** The Aurora cluster's name; the application writes through its cluster endpoint. */
  cluster: string;
  table: { schema: string; table: string; key: string; value: string };
  /** Concurrent application writers. */
  writers: number;
  /** The workload's first key. */
  firstKey: bigint;
  /** Seed of the workload when the run gives none (bgh rehearse gives one with --seed). */
  seed: number;
}
