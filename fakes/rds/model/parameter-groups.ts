import { RdsFault } from "../api/rds-fault.ts";
import { familyParameters } from "./instance-parameter-catalog.ts";
import { PARAMETER_FAMILY, type ParameterDefinition, type ParameterLevel } from "./parameter-catalog.ts";

export interface ParameterValue {
  value: string;
  source: "engine-default" | "system" | "user";
}

/** A DB cluster parameter group or a DB parameter group: named values over the catalog. */
export class ParameterGroup {
  readonly values = new Map<string, ParameterValue>();
  /** The parameters its family has at its level. */
  readonly definitions: readonly ParameterDefinition[];

  constructor(
    readonly name: string,
    readonly level: ParameterLevel,
    readonly description: string,
    readonly arn: string,
    /** default.* groups cannot be modified, as in RDS. */
    readonly isDefault: boolean,
    readonly family: string = PARAMETER_FAMILY,
  ) {
    this.definitions = familyParameters(family, level) ?? [];
    for (const parameter of this.definitions) {
      this.values.set(parameter.name, { value: parameter.defaultValue, source: parameter.defaultValue ? "system" : "engine-default" });
    }
  }

  definition(name: string): ParameterDefinition | undefined {
    return this.definitions.find((definition) => definition.name === name);
  }

  value(name: string): string | undefined {
    return this.values.get(name)?.value;
  }

  /**
   * Sets user values; returns the definitions changed, so the caller can apply dynamic ones now and mark
   * static ones pending reboot. Refuses what RDS refuses: default groups, unknown parameters, bad values,
   * and ApplyMethod immediate on a static parameter.
   */
  modify(changes: Array<{ ParameterName?: string; ParameterValue?: string; ApplyMethod?: string }>): ParameterDefinition[] {
    if (this.isDefault) {
      throw new RdsFault("InvalidParameterValue", `Default parameter groups cannot be modified: ${this.name}. Create a custom parameter group and use it instead.`);
    }
    if (changes.length === 0 || changes.length > 20) {
      throw new RdsFault("InvalidParameterValue", "You must provide between 1 and 20 parameters to modify.");
    }
    const changed: ParameterDefinition[] = [];
    for (const change of changes) {
      const definition = change.ParameterName ? this.definition(change.ParameterName) : undefined;
      if (!definition) {
        throw new RdsFault("InvalidParameterValue", `Could not find parameter with name: ${change.ParameterName ?? "(none)"}`);
      }
      if (change.ApplyMethod === "immediate" && definition.applyType === "static") {
        throw new RdsFault("InvalidParameterCombination", `cannot use immediate apply method for static parameter ${definition.name}`);
      }
      const value = change.ParameterValue ?? "";
      validateValue(definition, value);
      this.values.set(definition.name, { value, source: "user" });
      changed.push(definition);
    }
    return changed;
  }
}

function validateValue(definition: ParameterDefinition, value: string): void {
  if (value === "" || !definition.allowedValues) return;
  if (definition.dataType === "integer") {
    const [min, max] = definition.allowedValues.split("-").map(Number);
    const number = Number(value);
    if (!Number.isInteger(number) || number < min! || number > max!) {
      throw new RdsFault("InvalidParameterValue", `Value: ${value} is outside of range: ${definition.allowedValues} for parameter: ${definition.name}`);
    }
    return;
  }
  const allowed = definition.allowedValues.split(",");
  const parts = definition.name === "replica_type_conversions" ? value.split(",") : [value];
  if (!parts.every((part) => allowed.includes(part))) {
    throw new RdsFault("InvalidParameterValue", `Value: ${value} is not in the allowed values: ${definition.allowedValues} for parameter: ${definition.name}`);
  }
}
