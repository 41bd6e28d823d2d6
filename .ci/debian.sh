# Sourced by the CI scripts that install Debian packages: as_root, and debian_install, which waits up to
# 10 minutes for another apt run's dpkg lock instead of failing at once. Prints nothing on stdout
# (s3-server.sh's stdout is the environment its caller evaluates).

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

debian_install() {
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}
