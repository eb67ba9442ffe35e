import { RdsFault } from "../api/rds-fault.ts";
import type { Tag } from "./resources.ts";

/** Tags as the API takes them: at most 50, keys 1-128 characters, not starting with aws:. */
export function validateTags(value: unknown): Tag[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new RdsFault("InvalidParameterValue", "Tags must be a list of {Key, Value}.");
  const tags = value as Array<{ Key?: unknown; Value?: unknown }>;
  if (tags.length > 50) throw new RdsFault("InvalidParameterValue", "A resource can have at most 50 tags.");
  return tags.map((tag) => {
    if (typeof tag.Key !== "string" || tag.Key.length === 0 || tag.Key.length > 128) throw new RdsFault("InvalidParameterValue", "Tag keys must be 1 to 128 characters.");
    if (tag.Key.toLowerCase().startsWith("aws:")) throw new RdsFault("InvalidParameterValue", `Tag key ${tag.Key} may not begin with aws:.`);
    return { Key: tag.Key, Value: typeof tag.Value === "string" ? tag.Value : "" };
  });
}

/** Adds or replaces by key. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((tag) => [tag.Key, tag]));
  for (const tag of added) byKey.set(tag.Key, tag);
  return [...byKey.values()];
}
