/**
 * A deep copy of SDK-shaped data as a trip over the wire would leave it: members and list
 * elements that are undefined or null are gone (the SDK does not serialize them, the XML writer
 * leaves them out), Dates are new Dates. So the backend cannot keep a reference into the caller's
 * input, and the caller cannot change the backend's state through an output it was handed.
 */
export function detachedCopy<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((element) => element !== undefined && element !== null).map(copy);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return value.slice();
  if (typeof value === "object" && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      if (member !== undefined && member !== null && name !== "__proto__") result[name] = copy(member);
    }
    return result;
  }
  return value;
}
