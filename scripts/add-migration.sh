#!/usr/bin/env bash
# Adds one EF Core migration for both engines: SQLite's in WorkOrders.Core/Data/Migrations and PostgreSQL's in
# WorkOrders.Migrations.PostgreSQL/Migrations. Usage: scripts/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project WorkOrders.Core --startup-project WorkOrders.Web --output-dir Data/Migrations
dotnet ef migrations add "$name" --project WorkOrders.Migrations.PostgreSQL --startup-project WorkOrders.Migrations.PostgreSQL --output-dir Migrations
