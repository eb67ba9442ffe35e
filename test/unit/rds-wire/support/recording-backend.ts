import type { RdsBackend, RdsInput, RdsOutput } from "../../../../fakes/rds/api/rds-backend.ts";
import { wireOperations } from "../../../../fakes/rds/wire/rds-operations.ts";

type Answer = RdsOutput | ((input: RdsInput) => RdsOutput | Promise<RdsOutput>);

/** A backend for wire tests: records every call and answers with canned outputs (or throws what it is told to). */
export class RecordingBackend implements RdsBackend {
  readonly operations: Set<string>;
  readonly calls: Array<{ operation: string; input: RdsInput }> = [];
  readonly #answers = new Map<string, Answer>();

  constructor(operations: Iterable<string> = wireOperations) {
    this.operations = new Set(operations);
  }

  /** What `operation` answers from now on: an output, or a function of the input that returns or throws. */
  answer(operation: string, answer: Answer): this {
    this.#answers.set(operation, answer);
    return this;
  }

  lastInput(operation: string): RdsInput | undefined {
    return [...this.calls].reverse().find((call) => call.operation === operation)?.input;
  }

  async handle(operation: string, input: RdsInput): Promise<RdsOutput> {
    this.calls.push({ operation, input });
    const answer = this.#answers.get(operation) ?? {};
    return typeof answer === "function" ? answer(input) : answer;
  }
}
