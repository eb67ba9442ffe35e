#!/usr/bin/env bash
# Seed 000, rollback strategy 2: binary log replication from the new primary (former green) back to
# old blue, after a blue/green switchover. The statements are the seed's; the connection details come
# from the environment bgh gives a runbook step (BGH_<ENDPOINT>_HOST/PORT/USER/PASSWORD, and the
# address servers reach each other at, BGH_<ENDPOINT>_REPLICATION_HOST). `aws` is the AWS CLI v2.
set -euo pipefail

on_old_blue()   { mysql --host="$BGH_BLUE_HOST" --port="$BGH_BLUE_PORT" --user="$BGH_BLUE_USER" --password="$BGH_BLUE_PASSWORD" "$@"; }
on_new_primary() { mysql --host="$BGH_CLUSTER_HOST" --port="$BGH_CLUSTER_PORT" --user="$BGH_CLUSTER_USER" --password="$BGH_CLUSTER_PASSWORD" "$@"; }

# Step 1: the new primary's binary log position, from the event RDS emits after the switchover.
writer=$(aws rds describe-db-clusters --db-cluster-identifier "$BGH_CLUSTER" \
  --query 'DBClusters[0].DBClusterMembers[?IsClusterWriter].DBInstanceIdentifier' --output text)
message=$(aws rds describe-events --source-type db-instance --source-identifier "$writer" \
  --query "Events[?starts_with(Message, 'Binary log coordinates')].Message | [-1]" --output text)
echo "$writer: $message"
file=$(sed -E 's/.*file ([^ ]+) and position ([0-9]+).*/\1/' <<<"$message")
position=$(sed -E 's/.*file ([^ ]+) and position ([0-9]+).*/\2/' <<<"$message")

# Step 2: configure replication on the rollback target (old blue).
on_old_blue <<SQL
CALL mysql.rds_set_external_master (
'$BGH_CLUSTER_REPLICATION_HOST', -- New production endpoint
3306, -- Port
'$BGH_REPLICATION_USER', -- Replication user
'$BGH_REPLICATION_PASSWORD', -- Password
'$file', -- Binlog file from Step 1
$position, -- Position from Step 1
0 -- SSL disabled (use 1 for SSL)
);
CALL mysql.rds_start_replication;
SQL

# Step 3: monitor replication until old blue has caught up: both threads running, and either no lag or
# the applier has executed everything the receiver fetched. (Under continuous writes on a loaded
# machine Seconds_Behind_Source can sit at 1 for minutes while old blue is in fact keeping up.)
field() { awk -F': ' -v name="^ *$1\$" '$1 ~ name { print $2; exit }' <<<"$2"; }
caught_up() {
  local status
  status=$(on_old_blue -e 'SHOW REPLICA STATUS\G')
  grep -Eq 'Replica_IO_Running: Yes|Slave_IO_Running: Yes' <<<"$status" \
    && grep -Eq 'Replica_SQL_Running: Yes|Slave_SQL_Running: Yes' <<<"$status" \
    && { grep -Eq '(Seconds_Behind_Source|Seconds_Behind_Master): 0$' <<<"$status" \
      || { [ "$(field '(Source|Master)_Log_File' "$status")" = "$(field 'Relay_(Source|Master)_Log_File' "$status")" ] \
        && [ "$(field 'Read_(Source|Master)_Log_Pos' "$status")" = "$(field 'Exec_(Source|Master)_Log_Pos' "$status")" ]; }; }
}
deadline=$((SECONDS + 120))
until caught_up; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "old blue did not catch up in 120 s"; on_old_blue -e 'SHOW REPLICA STATUS\G'; exit 1; fi
  sleep 1
done
echo "old blue replicates from $file:$position and has caught up"

# Step 5: the rollback. Stop writes on the new primary, read where its binary log ends, and let old
# blue apply everything up to there before stopping and resetting replication: opening old blue any
# earlier would lose the last writes.
on_new_primary -e 'SET GLOBAL read_only = 1;'
# SHOW BINARY LOG STATUS on MySQL 8.2+ (the MASTER form is gone in 8.4), SHOW MASTER STATUS before and on MariaDB.
read -r last_file last_position _ < <(on_new_primary -N -e 'SHOW BINARY LOG STATUS' 2>/dev/null || on_new_primary -N -e 'SHOW MASTER STATUS') \
  || { echo "could not read the new primary's binary log position (SHOW BINARY LOG STATUS / SHOW MASTER STATUS): not rolling back"; exit 1; }
echo "the new primary is read-only; its binary log ends at $last_file:$last_position"
applied_all() {
  local status
  status=$(on_old_blue -e 'SHOW REPLICA STATUS\G')
  [ "$(field 'Relay_(Source|Master)_Log_File' "$status")" = "$last_file" ] \
    && [ "$(field 'Exec_(Source|Master)_Log_Pos' "$status")" -ge "$last_position" ]
}
deadline=$((SECONDS + 60))
until applied_all; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "old blue did not apply up to $last_file:$last_position in 60 s: not rolling back"; on_old_blue -e 'SHOW REPLICA STATUS\G'; exit 1; fi
  sleep 1
done
on_old_blue <<SQL
CALL mysql.rds_stop_replication;
CALL mysql.rds_reset_external_master;
SQL
# Resume normal operations on the rollback target (the switchover left it read-only).
on_old_blue -e 'SET GLOBAL read_only = 0;'
echo "rolled back: old blue takes writes again"
