import { NamedEndpointDirectory } from "../../fakes/rds/backing/named-endpoint-directory.ts";
import type { StartedFakeRds } from "../../fakes/rds/fake-rds-service.ts";
import type { ScenarioRecorder } from "../../harness/scenario/scenario-recorder.ts";

/**
 * Feeds a scenario's report from its fake RDS: every RDS event as it is emitted, every switchover step
 * as a marker, every guardrail verdict, and the replication lag of every instance that replicates (blue's readers, green,
 * old blue replicating back), under the instance's current name. Returns the function that stops it.
 */
export function recordRds(record: ScenarioRecorder, service: StartedFakeRds): () => Promise<void> {
  const { state, context } = service.model;
  const unsubscribeEvents = state.events.subscribe((event) => {
    record.event(`${event.SourceType} ${event.SourceIdentifier}`, event.Message);
    if (/switchover/i.test(event.Message) && /(cancel|roll|fail|complet|start)/i.test(event.Message)) record.mark("event", event.Message);
  });
  const stopObserving = context.switchoverSteps.observe((notice) => record.mark("note", `switchover: ${notice.step}`, `${notice.blueCluster} -> ${notice.greenCluster}`));
  const stopGuardrails = context.switchoverSteps.observeGuardrails((_deployment, results) => record.guardrailsEvaluated(results));
  // What the application's side sees: mysql.rds_topology's statuses and the names moving in DNS.
  const stopTopology = service.model.topology?.onChange((change) => record.mark("note", `rds_topology: ${change.status}`, `written on ${change.server}`));
  const endpoints = context.endpoints;
  const stopNames =
    endpoints instanceof NamedEndpointDirectory
      ? endpoints.onNamesMoved((moved) => record.mark("note", moved.kind === "switched" ? "DNS: blue's names now resolve to green's addresses" : "DNS: green's former names no longer resolve", moved.names.join(", ")))
      : undefined;
  const stopSampling = record.sampleLag(() =>
    [...state.instances.values()].flatMap((instance) => (instance.node ? [{ name: instance.identifier, node: instance.node }] : [])),
  );
  return async () => {
    unsubscribeEvents();
    stopObserving();
    stopGuardrails();
    stopTopology?.();
    stopNames?.();
    await stopSampling();
  };
}
