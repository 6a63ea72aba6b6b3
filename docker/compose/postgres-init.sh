#!/bin/sh
# A database and a role per service (ARCHITECTURE.md §2): no service can read another's tables.
set -eu
for service in property financial maintenance bff; do
  password=$(cat "/run/platform-secrets/${service}_db_password")
  psql -v ON_ERROR_STOP=1 -q -d postgres <<SQL
CREATE ROLE "$service" LOGIN PASSWORD '$password';
CREATE DATABASE "$service" OWNER "$service";
REVOKE ALL ON DATABASE "$service" FROM PUBLIC;
SQL
done
