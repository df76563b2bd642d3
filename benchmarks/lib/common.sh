# Shared by the benchmark scripts (sourced, not run).

# The first executable named $1 under the build folder $build, or nothing.
find_bin() {
  { find "$build" -type f -perm -u+x -name "$1" 2>/dev/null || true; } | head -n 1
}
