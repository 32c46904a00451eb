#!/usr/bin/env bash
# Training-step time of two builds in one JVM, alternating step by step (see TrainStepAB.java): ResNet-20 b128 on
# 28x28x1 and the Keras ResNet-50 b32 on 64x64x3, 2 threads each.
#   tools/profile/train-ab.sh ROOT_A ROOT_B [STEPS]     (both roots built: ./mvnw -DskipTests package -pl resnet-cli -am)
# Needs a JDK 25 or later: JAVA_HOME, else java and javac on the PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
a="$(cd "$1" && pwd)"
b="$(cd "$2" && pwd)"
steps="${3:-10}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
feature="$("$javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')"
if [ -z "$feature" ] || [ "$feature" -lt 25 ]; then
  echo "train-ab.sh: needs javac 25 or later (found '$("$javac" -version 2>&1)'); set JAVA_HOME" >&2
  exit 1
fi
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
"$javac" -nowarn -d "$classes" -cp "$a/resnet-cli/target/lib/*" "$here/TrainStepHarness.java"
run() {
  "$java" -Xmx8g --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    "$here/TrainStepAB.java" "$classes" "$a" "$b" "$@" 2>&1 | grep -v 'WARNING: Using incubator modules'
}
run resnet20 128 28x28 1 "$steps"
run resnet50-keras-64x64-6 32 - 3 "$steps"
