#!/usr/bin/env bash
# The Mesh SSH agent against OpenSSH's ssh-agent, side by side in one run, holding the same key:
#  1. raw agent SIGN_REQUESTs through each socket (one connection, N requests, python3's socket);
#  2. ROUNDS x `ssh-keygen -Y sign` through each agent (a whole client process per signature).
# Rounds alternate between the agents so that drift of the machine's speed hits both alike.
# Needs: the .NET SDK, openssh-client, python3. Usage: bench/ssh-agent/compare.sh [ROUNDS] [REQUESTS] [TYPE]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-200}; requests=${2:-5000}; type=${3:-ed25519}
. bench/portal.sh
mesh ssh create --type "$type" > "$w/key.pub"
mesh ssh export --private --output "$w/key" 2>/dev/null

(exec dotnet src/Mesh.Cli/bin/Release/net10.0/mesh.dll --home "$w/home" ssh agent --socket "$w/mesh.sock" --sync-interval 0 > "$w/mesh.env") & pids+=($!)
ssh-agent -D -a "$w/openssh.sock" >/dev/null & pids+=($!)
for _ in $(seq 100); do [ -S "$w/mesh.sock" ] && [ -S "$w/openssh.sock" ] && break; sleep 0.1; done
SSH_AUTH_SOCK="$w/openssh.sock" ssh-add -q "$w/key"
echo "the data to sign" > "$w/data"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); key: $type"
echo "raw SIGN_REQUESTs, $requests on one connection (after 200 warm-up):"
python3 - "$w/mesh.sock" "$w/openssh.sock" "$requests" <<'PY'
import socket, struct, sys, time
def frame(b): return struct.pack('>I', len(b)) + b
def recv(s, n):
    d = b''
    while len(d) < n:
        c = s.recv(n - len(d))
        if not c: raise SystemExit('agent closed the connection')
        d += c
    return d
def ask(s, m):
    s.sendall(frame(m)); n = struct.unpack('>I', recv(s, 4))[0]; return recv(s, n)
def run(path, count):
    s = socket.socket(socket.AF_UNIX); s.connect(path)
    r = ask(s, b'\x0b'); blob_len = struct.unpack('>I', r[5:9])[0]; blob = r[9:9 + blob_len]
    req = b'\x0d' + struct.pack('>I', len(blob)) + blob + struct.pack('>I', 32) + b'x' * 32 + struct.pack('>I', 4)
    for _ in range(200): assert ask(s, req)[0] == 14
    t = time.perf_counter()
    for _ in range(count): assert ask(s, req)[0] == 14
    return (time.perf_counter() - t) / count * 1e6
mesh, openssh, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
m = [run(mesh, count) for _ in range(3)]; o = [run(openssh, count) for _ in range(3)]
m.sort(); o.sort()
print(f"  mesh ssh agent  {m[1]:8.1f} us per signature (median of 3)")
print(f"  ssh-agent       {o[1]:8.1f} us per signature (median of 3)")
print(f"  ratio mesh/ssh-agent {m[1] / o[1]:.2f}")
PY

echo "ssh-keygen -Y sign, $rounds rounds alternating:"
mesh_ns=0; openssh_ns=0
for i in $(seq "$rounds"); do
  for agent in mesh openssh; do
    start=$(date +%s%N)
    SSH_AUTH_SOCK="$w/$agent.sock" ssh-keygen -q -Y sign -f "$w/key.pub" -n file "$w/data" >/dev/null 2>&1 < /dev/null
    elapsed=$(( $(date +%s%N) - start ))
    rm -f "$w/data.sig"
    if [ "$agent" = mesh ]; then mesh_ns=$((mesh_ns + elapsed)); else openssh_ns=$((openssh_ns + elapsed)); fi
  done
done
awk -v m="$mesh_ns" -v o="$openssh_ns" -v n="$rounds" 'BEGIN {
  printf "  mesh ssh agent  %6.2f s for %d signatures\n", m / 1e9, n
  printf "  ssh-agent       %6.2f s for %d signatures\n", o / 1e9, n
  printf "  ratio mesh/ssh-agent %.2f\n", m / o }'
