# Sourced by the bench scripts: builds mesh and mesh-portal (Release), starts a portal on a free
# port with its data in a temporary folder $w, and defines `mesh` for a device home in $w/home
# with an account bench@localhost. Everything started is stopped, and $w removed, on exit.
# Background processes are started with exec, so that $! is the process itself and the trap stops it.
for project in src/Mesh.Cli src/Mesh.Portal; do dotnet build -c Release -v q "$project" >/dev/null; done
mesh() { dotnet src/Mesh.Cli/bin/Release/net10.0/mesh.dll --home "$w/home" --portal-url "http://127.0.0.1:$port" "$@"; }
w=$(mktemp -d); port=$((20000 + RANDOM % 20000))
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$w"; }
pids=(); trap cleanup EXIT
(exec dotnet src/Mesh.Portal/bin/Release/net10.0/mesh-portal.dll --urls "http://127.0.0.1:$port" --data "$w/portal" --domain localhost >/dev/null 2>&1) &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
mesh profile create --account bench@localhost --description bench >/dev/null
