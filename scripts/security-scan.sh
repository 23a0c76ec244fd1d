#!/usr/bin/env bash
# Scans the running app with Debian's wapiti: starts it on a loopback port over a fresh database with demo
# data, signs in as the company admin, crawls and attacks for a bounded time, and fails (exit 1) when wapiti
# reports any medium, high or critical finding. Exceptions are listed in docs/SECURITY.md.
set -uo pipefail
cd "$(dirname "$0")/.."

# wapiti 3.0.4 cannot exclude URLs (-x fails on Python 3.11), so the scan may end by signing out; it then goes on anonymously.
SCAN_SECONDS="${SCAN_SECONDS:-120}"
PORT="${SCAN_PORT:-5391}"
BASE="http://127.0.0.1:${PORT}"
OUT="TestResults/wapiti"
mkdir -p "$OUT"

if ! command -v wapiti >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing wapiti for the security scan (apt-get install wapiti)..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wapiti >/dev/null) || true
  fi
  if ! command -v wapiti >/dev/null 2>&1; then
    echo "wapiti is not installed and could not be installed here (Debian: sudo apt-get install wapiti)."
    [ "${CI:-}" = "true" ] && exit 1
    echo "security scan: skipped"; exit 0
  fi
fi

data=$(mktemp -d)
dotnet build WorkOrders.Web -v q -nologo >/dev/null || { echo "security scan: the app does not build"; exit 1; }
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$BASE" WorkOrders__DataFolder="$data" WorkOrders__PublicBaseUrl="$BASE" \
  Logging__LogLevel__Default=Warning dotnet run --no-build --no-launch-profile --project WorkOrders.Web >"$OUT/app.log" 2>&1 &
app=$!
cleanup() { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$BASE/Identity/Account/Login" 2>/dev/null && break
  sleep 1
done
curl -fsS -o /dev/null "$BASE/Identity/Account/Login" || { echo "security scan: the app did not start (see $OUT/app.log)"; exit 1; }

# Signed in as the company admin, so the scan reaches the pages behind the sign-in.
jar="$OUT/curl-cookies.txt"; rm -f "$jar"
token=$(curl -fsS -c "$jar" "$BASE/Identity/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Input.Email=admin@prairiefuel.example" --data-urlencode 'Input.Password=Demo123!' \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "ReturnUrl=/" "$BASE/Identity/Account/Login"
python3 - "$jar" "$OUT/cookies.json" <<'PY'
import json, sys
cookies = {}
for line in open(sys.argv[1]):
    if line.startswith('#HttpOnly_'): line = line[len('#HttpOnly_'):]
    elif line.startswith('#') or not line.strip(): continue
    domain, _, path, secure, expires, name, value = line.rstrip('\n').split('\t')
    cookies.setdefault(domain, {}).setdefault(path, {})[name] = {"value": value, "expires": None, "secure": secure == "TRUE", "port": None, "version": 0}
json.dump(cookies, open(sys.argv[2], "w"))
PY
grep -q "Identity.Application" "$OUT/cookies.json" && echo "security scan: signed in as admin@prairiefuel.example" || echo "security scan: scanning anonymously (sign-in failed)"

timeout $((SCAN_SECONDS + 90)) wapiti -u "$BASE/" --scope folder -c "$OUT/cookies.json" \
  -m "common,http_headers,cookieflags,csp,redirect,methods,crlf" \
  --max-scan-time "$SCAN_SECONDS" --max-attack-time 40 --flush-session -f json -o "$OUT/report.json" -v 0 >"$OUT/wapiti.log" 2>&1
[ -s "$OUT/report.json" ] || { echo "security scan: wapiti wrote no report (see $OUT/wapiti.log)"; exit 1; }

python3 - "$OUT/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
findings = []
for section in ("vulnerabilities", "anomalies"):
    for category, items in report.get(section, {}).items():
        for item in items:
            level = int(item.get("level") or 0)
            if level >= 1:
                findings.append((level, category, item.get("method"), item.get("path"), item.get("parameter"), item.get("info")))
names = {1: "low", 2: "medium", 3: "high", 4: "critical"}
for level, category, method, path, parameter, info in sorted(findings, reverse=True):
    print(f"  {names.get(level, level)}: {category}: {method} {path} {parameter or ''} {info}")
serious = [f for f in findings if f[0] >= 2]
print(f"security scan: {len(serious)} medium/high findings, {len(findings) - len(serious)} low")
sys.exit(1 if serious else 0)
PY
