#!/usr/bin/env bash
# A large import, end to end: COUNT logins (Chrome's CSV columns, random 20-character passwords,
# a note each) imported by `mesh password import` into an account on a local portal, as one
# change; then the vault read back from the portal (`password get --sync`: fetch, verify, decrypt).
# Needs: the .NET SDK, curl, python3. Usage: bench/import/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-10000}
. bench/portal.sh
mesh password add first.example.com bench --password one >/dev/null

python3 - "$w/logins.csv" "$count" <<'PY'
import secrets, string, sys
alphabet = string.ascii_letters + string.digits + "!#%&*+-=?@^_"
with open(sys.argv[1], "w", newline="") as f:
    f.write("name,url,username,password,note\r\n")
    for i in range(int(sys.argv[2])):
        f.write(f"Site {i},https://login.site-{i}.example.com/signin,user{i}@example.com,{''.join(secrets.choice(alphabet) for _ in range(20))},note {i}\r\n")
PY
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $count logins, $(du -k "$w/logins.csv" | cut -f1) KiB of CSV"
start=$(date +%s.%N)
mesh password import "$w/logins.csv" --json > "$w/import.json"
end=$(date +%s.%N)
python3 -c "import json,sys; r=json.load(open('$w/import.json')); print(f\"import: {r['imported']} logins in {$end-$start:.2f} s, one change ({r.get('transaction', '')})\")"
start=$(date +%s.%N)
mesh password get "login.site-$((count - 1)).example.com" --sync --field username >/dev/null
end=$(date +%s.%N)
python3 -c "print(f'sync and read back from the portal: {$end-$start:.2f} s')"
echo "portal store: $(du -sk "$w/portal" | cut -f1) KiB"
