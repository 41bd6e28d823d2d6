# Sourced by the CI scripts that install Debian packages: as_root, and debian_install, which waits for
# another apt run instead of failing at once. Prints nothing on stdout (s3-server.sh's stdout is the
# environment its caller evaluates).

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# apt-get waits for dpkg's lock when told to (DPkg::Lock::Timeout), but `apt-get update` gives up at
# once on the package lists' lock: retry it while another run holds that, for up to 10 minutes (120 × 5 s).
apt_update() {
  local err tries=0
  until err="$(as_root apt-get -qq update 2>&1 >&2)"; do
    case "$err" in *"Could not get lock"*) ;; *) echo "$err" >&2; return 1 ;; esac
    tries=$((tries + 1))
    [ "$tries" -lt 120 ] || { echo "$err" >&2; return 1; }
    sleep 5
  done
  [ -z "$err" ] || echo "$err" >&2
}

debian_install() {
  apt_update
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}
