#!/usr/bin/env bash
# Joins the Citus workers to the coordinator (docker-compose.citus.yml runs it once per `up`,
# before the migrations; docs/scaling.md says what it does and why). Idempotent: run it again
# after changing a password in .env, or after adding a worker to CITUS_WORKERS.
#
#  1. On every node: the citus extension, and pg_dist_authinfo rows with the passwords of
#     postgres and the portal's three roles. Citus connects to another node as the role of the
#     session that needs it (the web's queries reach the workers as okienko_app), the nodes
#     ask for passwords (scram-sha-256), and Citus does not copy pg_dist_authinfo from node to
#     node, so each node gets its own rows. Only superusers can read that table.
#  2. On the coordinator: where the workers reach it (citus_set_coordinator_host), then each
#     worker (citus_add_node, which also copies the roles, the reference tables and Citus's
#     metadata to it).
#
# It distributes no table: on a new database the migrations do that (they run next); for a
# database that already had its tables before Citus, docs/scaling.md has the one command.
# psql connects as libpq is told: PGUSER (a superuser), PGPASSWORD, PGDATABASE.
set -eo pipefail

: "${PGUSER:?set PGUSER}" "${PGPASSWORD:?set PGPASSWORD}" "${PGDATABASE:?set PGDATABASE}"
: "${CITUS_COORDINATOR:?set CITUS_COORDINATOR (host[:port] of the coordinator, as the workers reach it)}"
: "${CITUS_WORKERS:?set CITUS_WORKERS (host[:port] of each worker, space-separated)}"
: "${OKIENKO_OWNER_PASSWORD:?set OKIENKO_OWNER_PASSWORD}"
: "${OKIENKO_APP_PASSWORD:?set OKIENKO_APP_PASSWORD}"
: "${OKIENKO_WORKER_PASSWORD:?set OKIENKO_WORKER_PASSWORD}"

# Passwords and host names reach SQL only as psql variables (:'name' quotes a literal), as in
# deploy/postgres/init-roles.sh. In an authinfo string a value is quoted with '…', inside which
# a quote or a backslash is escaped with a backslash.
host_of() { echo "${1%%:*}"; }
port_of() { if [[ $1 == *:* ]]; then echo "${1##*:}"; else echo 5432; fi; }
on_node() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --host "$(host_of "$1")" --port "$(port_of "$1")" "${@:2}"
}

for node in "$CITUS_COORDINATOR" $CITUS_WORKERS; do
  on_node "$node" \
    -v postgres_password="$PGPASSWORD" \
    -v owner_password="$OKIENKO_OWNER_PASSWORD" \
    -v app_password="$OKIENKO_APP_PASSWORD" \
    -v worker_password="$OKIENKO_WORKER_PASSWORD" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS citus;
-- nodeid 0: connections to any other node; -1: a node's connections to itself.
INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo)
SELECT nodes.id, roles.name,
       format('password=''%s''', replace(replace(roles.password, '\', '\\'), '''', '\'''))
  FROM (VALUES (:'USER', :'postgres_password'),
               ('okienko_owner', :'owner_password'),
               ('okienko_app', :'app_password'),
               ('okienko_worker', :'worker_password')) AS roles(name, password),
       (VALUES (0), (-1)) AS nodes(id)
ON CONFLICT (rolename, nodeid) DO UPDATE SET authinfo = excluded.authinfo;
SQL
  echo "citus setup: $node has the extension and the roles' passwords"
done

on_node "$CITUS_COORDINATOR" -v host="$(host_of "$CITUS_COORDINATOR")" -v port="$(port_of "$CITUS_COORDINATOR")" \
  >/dev/null <<'SQL'
SELECT citus_set_coordinator_host(:'host', :'port'::int);
SQL
for worker in $CITUS_WORKERS; do
  on_node "$CITUS_COORDINATOR" -v host="$(host_of "$worker")" -v port="$(port_of "$worker")" >/dev/null <<'SQL'
SELECT citus_add_node(:'host', :'port'::int);
SQL
  echo "citus setup: $worker is a worker of $CITUS_COORDINATOR"
done

# A database that had its tables before Citus keeps them on the coordinator until they are
# distributed; the web and worker processes refuse to start until then.
local_tables=$(on_node "$CITUS_COORDINATOR" --tuples-only --no-align -c "
  SELECT count(*) FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
     AND c.relname NOT IN ('knex_migrations', 'knex_migrations_lock')
     AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p
                      WHERE p.logicalrelid = c.oid AND (p.partmethod = 'h' OR p.repmodel = 't'))")
if [ "$local_tables" != "0" ]; then
  echo "citus setup: $local_tables tables are not distributed yet; docs/scaling.md, Moving an existing database"
fi
