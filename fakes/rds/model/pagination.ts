import { RdsFault } from "../api/rds-fault.ts";

/**
 * Marker/MaxRecords as RDS does it: MaxRecords 20-100 (default 100), an opaque Marker to continue.
 * The marker here is the index of the next item, encoded so clients treat it as opaque.
 */
export function paginate<T>(items: T[], input: { MaxRecords?: unknown; Marker?: unknown }): { page: T[]; Marker?: string } {
  const max = input.MaxRecords === undefined ? 100 : Number(input.MaxRecords);
  if (!Number.isInteger(max) || max < 20 || max > 100) {
    throw new RdsFault("InvalidParameterValue", `Invalid value ${String(input.MaxRecords)} for MaxRecords. Must be between 20 and 100`);
  }
  let start = 0;
  if (input.Marker !== undefined && input.Marker !== "") {
    const decoded = Number(Buffer.from(String(input.Marker), "base64url").toString("utf8").replace(/^bgh:/, ""));
    if (!Number.isInteger(decoded) || decoded < 0) throw new RdsFault("InvalidParameterValue", "The marker is not valid: use the Marker from the previous response.");
    start = decoded;
  }
  const page = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(`bgh:${start + max}`).toString("base64url") : undefined;
  return next ? { page, Marker: next } : { page };
}

/** Filters: [{ Name, Values }] → keep items whose named attribute is among the values. Unknown filter names are refused. */
export function applyFilters<T>(items: T[], filters: unknown, attributes: Record<string, (item: T) => string[]>): T[] {
  if (filters === undefined) return items;
  if (!Array.isArray(filters)) throw new RdsFault("InvalidParameterValue", "Filters must be a list of {Name, Values}.");
  let result = items;
  for (const filter of filters as Array<{ Name?: string; Values?: string[] }>) {
    const attribute = filter.Name ? attributes[filter.Name] : undefined;
    if (!attribute) {
      throw new RdsFault("InvalidParameterValue", `Unrecognized filter name: ${filter.Name ?? "(none)"}. Valid filter names: ${Object.keys(attributes).join(", ")}`);
    }
    const values = filter.Values ?? [];
    result = result.filter((item) => attribute(item).some((value) => values.includes(value)));
  }
  return result;
}
