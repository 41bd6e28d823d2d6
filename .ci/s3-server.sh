#!/usr/bin/env bash
# An S3-compatible object store on 127.0.0.1 for the storage tests: OpenStack Swift (Debian's packages)
# with its s3api middleware, one replica, all four services in one folder, tempauth with one test user.
# Idempotent: when a store already answers a PUT/GET round trip it is left as it is. Prints the
# environment the tests read (SHADEGATE_TEST_S3 and the credentials) on its last lines.
#
#   eval "$(bash .ci/s3-server.sh)"      # start (or reuse) and export the test variables
#   bash .ci/s3-server.sh stop           # stop the services started from this folder
set -euo pipefail

dir="${SHADEGATE_S3_DIR:-${TMPDIR:-/tmp}/shadegate-s3}"
proxy_port="${SHADEGATE_S3_PORT:-18080}"
# Backend ports, loopback only: object, container, account.
object_port=$((proxy_port + 1)) container_port=$((proxy_port + 2)) account_port=$((proxy_port + 3))
access_key='test:tester' secret_key='testing'
endpoint="http://127.0.0.1:${proxy_port}"

. "$(dirname "$0")/debian.sh"
log() { echo "$@" >&2; }

stop_services() {
  for pidfile in "$dir"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}
if [ "${1:-}" = stop ]; then stop_services; exit 0; fi

print_env() {
  printf 'export SHADEGATE_TEST_S3=%q S3_ACCESS_KEY_ID=%q S3_SECRET_ACCESS_KEY=%q S3_REGION=us-east-1\n' \
    "$endpoint" "$access_key" "$secret_key"
}

# A signed PUT, GET and DELETE through the s3api (Node and the SDK the portal uses, nothing else to install).
round_trip() {
  (cd "$(dirname "$0")/.." && SHADEGATE_TEST_S3="$endpoint" S3_ACCESS_KEY_ID="$access_key" S3_SECRET_ACCESS_KEY="$secret_key" \
    timeout 20 node --input-type=module -e '
      import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
      const s3 = new S3Client({ endpoint: process.env.SHADEGATE_TEST_S3, region: "us-east-1", forcePathStyle: true, maxAttempts: 1,
        credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY } });
      const Bucket = "shadegate-probe", Key = "probe";
      try { await s3.send(new CreateBucketCommand({ Bucket })); } catch (e) { if (e.name !== "BucketAlreadyOwnedByYou" && e.name !== "BucketAlreadyExists") throw e; }
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: "round trip" }));
      const got = await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body.transformToString();
      await s3.send(new DeleteObjectCommand({ Bucket, Key }));
      if (got !== "round trip") throw new Error("read back " + JSON.stringify(got));
    ' >/dev/null 2>&1)
}

if round_trip; then log "S3-compatible store already answering on $endpoint"; print_env; exit 0; fi

if ! command -v swift-proxy-server >/dev/null 2>&1 || ! command -v swift-object-server >/dev/null 2>&1; then
  log "installing Debian's OpenStack Swift for the object-storage tests"
  debian_install swift swift-proxy swift-object swift-container swift-account python3-swift memcached
fi

stop_services
mkdir -p "$dir/etc" "$dir/srv/d1" "$dir/run" "$dir/log" "$dir/cache"
user="$(id -un)"

cat >"$dir/etc/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = shadegate-test
swift_hash_path_prefix = shadegate-test
[storage-policy:0]
name = Policy-0
default = yes
CONF

backend_conf() { # name port
  cat >"$dir/etc/$1-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 1
user = $user
swift_dir = $dir/etc
devices = $dir/srv
mount_check = false
log_name = $1-server
log_level = WARNING
[pipeline:main]
pipeline = $1-server
[app:$1-server]
use = egg:swift#$1
CONF
}
backend_conf object "$object_port"
backend_conf container "$container_port"
backend_conf account "$account_port"

cat >"$dir/etc/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy_port
workers = 1
user = $user
swift_dir = $dir/etc
log_name = proxy-server
log_level = WARNING
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
allow_account_management = true
account_autocreate = true
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = $secret_key .admin
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:11211
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:slo]
use = egg:swift#slo
[filter:copy]
use = egg:swift#copy
CONF

# Rings: one device, one replica, 2^4 partitions (built once, in one Python process: the ports do not
# change between runs). Debian's python3, where the swift package lives.
if [ ! -s "$dir/etc/object.ring.gz" ]; then
  (cd "$dir/etc" && /usr/bin/python3 - "$object_port" "$container_port" "$account_port" <<'PY'
import sys
from swift.common.ring import RingBuilder
for name, port in zip(('object', 'container', 'account'), map(int, sys.argv[1:])):
    builder = RingBuilder(4, 1, 1)
    builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': port, 'device': 'd1', 'weight': 100})
    builder.rebalance()
    builder.get_ring().save(name + '.ring.gz')
    builder.save(name + '.builder')
PY
  )
fi

start_daemon() { # name command…
  local name="$1"; shift
  setsid nohup "$@" >"$dir/log/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/run/$name.pid"
}
if ! (exec 3<>/dev/tcp/127.0.0.1/11211) 2>/dev/null; then
  start_daemon memcached memcached -l 127.0.0.1 -p 11211 -u "$user" -m 16
fi
for service in account container object; do start_daemon "$service" "swift-$service-server" "$dir/etc/$service-server.conf"; done
start_daemon proxy swift-proxy-server "$dir/etc/proxy-server.conf"

# Cheap checks first (the services take a few seconds to import), then the real round trip.
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for _ in $(seq 1 150); do
  answers "$proxy_port" && answers "$object_port" && answers "$container_port" && answers "$account_port" && break
  sleep 0.2
done
for _ in $(seq 1 60); do round_trip && { log "Swift s3api ready on $endpoint (${SECONDS}s)"; print_env; exit 0; }; sleep 0.5; done
log "Swift did not answer a PUT/GET round trip on $endpoint; logs in $dir/log"
tail -n 20 "$dir"/log/*.log >&2 || true
exit 1
