/** How long each phase of building an environment took: what the startup benchmark prints. */
export interface PhaseTiming {
  phase: string;
  ms: number;
}

export class PhaseClock {
  readonly phases: PhaseTiming[] = [];

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.phases.push({ phase, ms: Math.round(performance.now() - started) });
    }
  }
}
