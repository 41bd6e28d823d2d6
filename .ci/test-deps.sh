#!/usr/bin/env bash
# What the test suite talks to besides npm packages: Debian's Chromium (browser tests), a
# PostgreSQL server on 127.0.0.1:5432 (the scale-out path) and an S3-compatible object store on
# 127.0.0.1:18080 (Debian's OpenStack Swift with its s3api, started by .ci/s3-server.sh; the tests that
# need it read SHADEGATE_TEST_S3, which `eval "$(bash .ci/s3-server.sh)"` exports). Idempotent; safe
# to run on every CI run.
set -euo pipefail

. "$(dirname "$0")/debian.sh"

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  debian_install chromium
fi

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "installing PostgreSQL for the scale-out tests"
  debian_install postgresql
fi
if ! pg_up; then
  echo "starting PostgreSQL"
  for version in $(ls /etc/postgresql 2>/dev/null); do
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
pg_up || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
# The tests use the `test` database with trust auth on loopback (as the machine is set up).
psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='test'" 2>/dev/null | grep -q 1 \
  || as_root su postgres -c "createdb test" 2>/dev/null || true
bash "$(dirname "$0")/s3-server.sh" >/dev/null
echo "test services ready"
