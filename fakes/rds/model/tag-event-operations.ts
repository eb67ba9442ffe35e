import { RdsFault } from "../api/rds-fault.ts";
import type { RdsInput, RdsOutput } from "../api/rds-backend.ts";
import type { EventQuery, EventSourceType } from "./events.ts";
import { requireString } from "./identifiers.ts";
import type { ModelContext } from "./model-context.ts";
import { paginate } from "./pagination.ts";
import type { Tag } from "./resources.ts";
import { mergeTags, validateTags } from "./tags.ts";

const SOURCE_TYPES: EventSourceType[] = ["db-instance", "db-cluster", "db-parameter-group", "db-cluster-parameter-group", "blue-green-deployment"];

/** Tags on clusters, instances and deployments; DescribeEvents over the event log. */
export class TagEventOperations {
  constructor(private readonly context: ModelContext) {}

  addTagsToResource(input: RdsInput): RdsOutput {
    const holder = this.tagHolder(input.ResourceName);
    holder.tags = mergeTags(holder.tags, validateTags(input.Tags));
    return {};
  }

  removeTagsFromResource(input: RdsInput): RdsOutput {
    const holder = this.tagHolder(input.ResourceName);
    const keys = Array.isArray(input.TagKeys) ? (input.TagKeys as string[]) : [];
    holder.tags = holder.tags.filter((tag) => !keys.includes(tag.Key));
    return {};
  }

  listTagsForResource(input: RdsInput): RdsOutput {
    return { TagList: this.tagHolder(input.ResourceName).tags };
  }

  describeEvents(input: RdsInput): RdsOutput {
    if (input.SourceType !== undefined && !SOURCE_TYPES.includes(input.SourceType as EventSourceType)) {
      throw new RdsFault("InvalidParameterValue", `Invalid SourceType: ${String(input.SourceType)}. Valid values: ${SOURCE_TYPES.join(", ")}`);
    }
    const events = this.context.state.events.query(input as EventQuery);
    const { page, Marker } = paginate(events, input);
    return { Events: page, ...(Marker ? { Marker } : {}) };
  }

  private tagHolder(resourceName: unknown): { tags: Tag[] } {
    const resource = this.context.state.resourceByArn(requireString(resourceName, "ResourceName"));
    if (resource.kind === "cluster") return resource.cluster;
    if (resource.kind === "db") return resource.instance;
    return resource.deployment;
  }
}
