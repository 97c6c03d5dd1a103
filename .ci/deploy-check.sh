#!/usr/bin/env bash
# The deploy files checked with the tools that read them (no cluster, no Docker daemon):
# promtool on the alert rules and their unit tests, kubectl kustomize on the Kubernetes
# directories, the PrometheusRule regenerated from the alert rules, every FROM of the Dockerfile
# pinned by digest. The Compose file is checked against the Compose schema by
# ComposeFileSchemaTest and field names by DeployFilesTest (both in mvn verify).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deploy check FAILED: $*" >&2; exit 1; }

# promtool: Debian's prometheus package (promtool 2.42).
if ! command -v promtool >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq prometheus >/dev/null
fi
promtool check rules deploy/monitoring/sftstream-alerts.yaml
promtool test rules deploy/monitoring/tests/*.yaml

# The PrometheusRule is generated from the alert rules: regenerating it changes nothing.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r deploy/monitoring deploy/prometheus-operator "$tmp"/
bash "$tmp"/prometheus-operator/generate-rule.sh
cmp -s "$tmp"/prometheus-operator/prometheusrule.yaml deploy/prometheus-operator/prometheusrule.yaml \
    || fail "deploy/prometheus-operator/prometheusrule.yaml is not what generate-rule.sh makes of the alert rules; run it"

# kubectl kustomize builds each directory. Debian bookworm's kubernetes-client is kubectl 1.20,
# whose kustomize predates the `labels` field: kubectl 1.21 or later is needed, so without it the
# check is skipped (kubectl is not a Debian package here, nor on npm).
if command -v kubectl >/dev/null; then
    for dir in deploy/k8s deploy/k8s-scram deploy/prometheus-operator; do
        kubectl kustomize "$dir" >"$tmp/built.yaml" || fail "kubectl kustomize $dir"
        echo "kubectl kustomize $dir: $(grep -c '^kind:' "$tmp/built.yaml") resources"
    done
else
    echo "SKIPPED kubectl kustomize deploy/k8s, deploy/k8s-scram, deploy/prometheus-operator:" \
        "kubectl (1.21 or later) is not installed"
fi

# Base images pinned by digest.
froms=$(grep -E '^FROM ' deploy/Dockerfile)
[ -n "$froms" ] || fail "no FROM line in deploy/Dockerfile"
unpinned=$(printf '%s\n' "$froms" | grep -Ev '^FROM [^ @]+:[^ @]+@sha256:[0-9a-f]{64}( |$)' || true)
[ -z "$unpinned" ] || fail "base images without @sha256: digest: $unpinned"
echo "deploy check passed: alert rules and $(ls deploy/monitoring/tests/*.yaml | wc -l) rule tests," \
    "PrometheusRule up to date, every FROM pinned by digest"
