export async function benchCommand(): Promise<number> {
  const { runStartupBench } = await import("../../bench/startup-bench.ts");
  return runStartupBench();
}
