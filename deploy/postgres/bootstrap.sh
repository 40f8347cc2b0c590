#!/bin/sh
# Creates Rapport's database and roles once, as a PostgreSQL superuser (what `rapport up` does for its
# embedded server, see server/src/rapport/embedded.py): the owner role runs the migrations and owns
# every table; the app login owns nothing, is neither SUPERUSER nor BYPASSRLS, and reaches the tables
# through the rapport_app group that the migrations grant to. Compose runs it from
# /docker-entrypoint-initdb.d; on a managed PostgreSQL run it once with psql as the admin user.
# Needs RAPPORT_OWNER_PASSWORD and RAPPORT_APP_PASSWORD.
set -eu
: "${RAPPORT_OWNER_PASSWORD:?}" "${RAPPORT_APP_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --no-psqlrc -v owner_password="$RAPPORT_OWNER_PASSWORD" \
  -v app_password="$RAPPORT_APP_PASSWORD" --username "${POSTGRES_USER:-postgres}" --dbname postgres <<'SQL'
SELECT format('CREATE ROLE rapport_owner LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD %L', :'owner_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_owner') \gexec
SELECT 'CREATE ROLE rapport_app NOLOGIN NOSUPERUSER NOBYPASSRLS'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport_app') \gexec
SELECT format('CREATE ROLE rapport LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE rapport_app PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rapport') \gexec
SELECT 'CREATE DATABASE rapport OWNER rapport_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'rapport') \gexec
\c rapport
CREATE EXTENSION IF NOT EXISTS vector;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CREATE, USAGE ON SCHEMA public TO rapport_owner;
GRANT USAGE ON SCHEMA public TO rapport_app;
SQL
