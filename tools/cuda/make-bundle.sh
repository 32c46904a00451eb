#!/usr/bin/env bash
# Packs everything tools/gpu-check.sh needs on a GPU machine that has no JDK or Maven (PyTorch is expected there):
# a jlinked Java 25 runtime, the CLI and its libraries, resnet-cuda's GPU tests with the TCK, JUnit's console
# launcher, and the PyTorch side of the benchmark. JCuda's natives are cut down to the driver binding, the only one
# the backend loads.
#   tools/cuda/make-bundle.sh [OUT_DIR]     (default target/gpu-bundle; also writes OUT_DIR.tar.gz)
# Environment: JAVA_HOME (a JDK 25 with jlink), SKIP_BUILD=1 to reuse the jars already under */target.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/target/gpu-bundle}"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
readonly junit_console="org/junit/platform/junit-platform-console-standalone/1.14.1/junit-platform-console-standalone-1.14.1.jar"
# The modules jdeps finds in the jars, the Vector API, and what JUnit's launcher needs (jdk.zipfs to scan test
# jars); not java.desktop (15 MB), which only image datasets, predict and learning-curve plots use: the bundle
# benchmarks and tests, nothing more.
readonly modules="java.base,java.compiler,java.logging,java.management,java.sql,jdk.incubator.vector,jdk.management,jdk.unsupported,jdk.zipfs"

die() {
  printf 'make-bundle: %s\n' "$*" >&2
  exit 1
}

[ -x "$java_home/bin/jlink" ] || die "no jlink in $java_home; set JAVA_HOME to a JDK 25"
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
if [ ! -f "$m2/$junit_console" ]; then
  (cd "$root" && JAVA_HOME="$java_home" ./mvnw -q dependency:get \
    -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1) ||
    die "cannot fetch junit-platform-console-standalone 1.14.1"
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # package, never install: snapshots stay out of ~/.m2.
  (cd "$root" && JAVA_HOME="$java_home" ./mvnw -q -o -pl resnet-cli,resnet-cuda,resnet-backend-tck -am package \
    -DskipTests) || die "the Maven build failed"
fi

rm -rf "$out" "$out.tar.gz"
mkdir -p "$out/lib" "$out/test"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-9 --output "$out/java"
# The JDK's libjvm.so keeps its symbol table (5 MB); the bundle has no use for it.
if command -v strip >/dev/null; then
  strip --strip-unneeded "$out/java/lib/server/libjvm.so"
fi

for jar in "$root"/resnet-cli/target/lib/*.jar; do
  case "$(basename "$jar")" in
    jcuda-natives-*) ;;
    *) cp "$jar" "$out/lib/" ;;
  esac
done
cp "$root"/resnet-cli/target/resnet-cli-*.jar "$out/lib/"

# JCuda's natives jar carries the driver, runtime, NVRTC and PTX-compiler bindings (24 MB); keep the driver's.
natives="$(ls "$root"/resnet-cli/target/lib/jcuda-natives-*.jar)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && unzip -q "$natives" 'lib/libJCudaDriver-*' && "$java_home/bin/jar" cf "$out/lib/$(basename "$natives")" lib)

"$java_home/bin/jar" cf "$out/test/resnet-cuda-tests.jar" -C "$root/resnet-cuda/target/test-classes" .
cp "$root"/resnet-backend-tck/target/resnet-backend-tck-*.jar "$out/test/"
cp "$m2/$junit_console" "$out/test/"

cp "$root/tools/gpu-check.sh" "$root/tools/cuda/torch_bench.py" "$out/"
chmod +x "$out/gpu-check.sh"

tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
printf 'make-bundle: %s (%s unpacked, %s as %s)\n' "$out" "$(du -sh "$out" | cut -f1)" \
  "$(du -h "$out.tar.gz" | cut -f1)" "$(basename "$out").tar.gz"
