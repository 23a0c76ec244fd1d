#!/usr/bin/env bash
# Rewrites the lifecycle diagram in docs/product.md from WorkOrderLifecycle.Rules.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_PRODUCT_DOC=1 dotnet test WorkOrders.Tests --filter "FullyQualifiedName~ProductDocumentTests.ProductDocument_LifecycleDiagram_MatchesTheTable" "$@"
