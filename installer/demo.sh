#!/usr/bin/env bash
# The README's "run the product" command: installs what is missing, builds, and runs a small
# simulated office in training mode (练习模式):
#   - metersim plays 阳光广场: 60 meters (Modbus, DL/T 645-2007, CJ/T 188 water) on three
#     RS-485 buses (pseudo terminals), at 60x speed: one real minute is an hour of use
#     (resources/scenarios/demo-office.scenario);
#   - meterdeskd seed-demo writes the property, tariffs, meter registry, 45 accounts and the
#     demo operators into a scratch SQLite database;
#   - meterdeskd serve reads the three buses every 15 s, bills, trips the accounts that run
#     out of money and closes them again on a recharge;
#   - the front desk (meterdesk) opens logged in as the demo cashier (wang) when there is a
#     display: `meterdesk --login wang --password-file FILE`, FILE mode 0600.
# Everything it starts is stopped when it ends (close the desk, press Enter, or Ctrl-C).
# BUILD_DIR picks the build folder (default build/); MD_DEMO_PORT the API port (default: the
# first free one from 7420).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/installer/install-deps.sh"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target meterdeskd meterdesk metersim

md="$build/server/meterdeskd"
sim="$build/tests/simulator/metersim"
desk="$build/app/meterdesk"
scenario="$root/resources/scenarios/demo-office.scenario"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { printf '\033[31m%s\033[0m\n' "$*" >&2; exit 1; }

scratch=$(mktemp -d /tmp/meterdesk-demo.XXXXXX)
sim_pid="" serve_pid="" desk_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$desk_pid" ] && kill -0 "$desk_pid" 2>/dev/null; then
    kill -TERM "$desk_pid" 2>/dev/null || true
    wait "$desk_pid" 2>/dev/null || true
  fi
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -TERM "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  if [ -n "$sim_pid" ] && kill -0 "$sim_pid" 2>/dev/null; then
    { echo quit >&3; } 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$sim_pid" 2>/dev/null || break; sleep 0.1; done
    kill -TERM "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  exec 3>&-
  rm -f "$scratch/desk-password"
  echo "The demo stopped. Its database and logs stay in $scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. The meters. metersim reads control commands from a FIFO this script holds open (fd 3), so
#    it runs until we say quit. It starts a week back at 08:00 office time, so the office's
#    day and the meters' TOU registers look like a working week; the service reads them now.
mkfifo "$scratch/metersim.ctl"
start=$(date -u -d '7 days ago' +%Y-%m-%dT00:00:00Z)
"$sim" "$scenario" --speed 60 --start "$start" <"$scratch/metersim.ctl" >"$scratch/metersim.out" 2>"$scratch/metersim.err" &
sim_pid=$!
exec 3>"$scratch/metersim.ctl"
for _ in $(seq 1 100); do grep -q '"event":"ready"' "$scratch/metersim.out" 2>/dev/null && break; sleep 0.1; done
grep -q '"event":"ready"' "$scratch/metersim.out" || die "metersim did not start: $(cat "$scratch/metersim.err")"
bus_path() { sed -n "s/.*\"bus\":\"$1\".*\"path\":\"\([^\"]*\)\".*/\1/p" "$scratch/metersim.out" | head -n 1; }

# 2. The service's configuration: the scratch database, the three simulated buses, training mode.
port=${MD_DEMO_PORT:-}
if [ -z "$port" ]; then
  for p in $(seq 7420 7440); do
    if ! (exec 9<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
  done
fi
[ -n "$port" ] || die "No free TCP port between 7420 and 7440 (set MD_DEMO_PORT)"
conf="$scratch/meterdesk.conf"
cat >"$conf" <<CONF
# Written by installer/demo.sh: a practice installation on simulated meters.
[database]
url = sqlite:$scratch/office.db
[api]
listen = 127.0.0.1
port = $port
[service]
training = yes
[collection]
cycle_seconds = 15          # 15 minutes of the office's day at the simulator's 60x
ingest_batch_ms = 200
control_check_seconds = 2
[bus b1]
device = $(bus_path b1)
[bus b2]
device = $(bus_path b2)
[bus market]
device = $(bus_path market)
CONF

say "The demo office (阳光广场) on a scratch database ($scratch)"
"$md" seed-demo --config "$conf" --tariffs "$root/resources/tariffs" | tee "$scratch/seed.out"

"$md" serve --config "$conf" >"$scratch/serve.log" 2>&1 &
serve_pid=$!
listening() { (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
for _ in $(seq 1 150); do listening && break; kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
listening || die "The service did not start: $(cat "$scratch/serve.log")"
say "The service, in training mode, reading the simulated buses"
head -n 2 "$scratch/serve.log"

# 3. The front desk's own settings in the scratch folder (the address, the operator, the demo's
#    accounts in the grid, receipts as PDF files instead of the LQ-1600K).
export XDG_CONFIG_HOME="$scratch/desk-settings"
mkdir -p "$XDG_CONFIG_HOME/MeterDesk" "$scratch/receipts"
accounts=$(sed -n 's/^    {"\([0-9M][-0-9]*\)", ".*/\1/p' "$root/server/cli/seed_demo_command.cpp" | grep -v '^E\|^W' | paste -sd, - | sed 's/,/, /g')
cat >"$XDG_CONFIG_HOME/MeterDesk/meterdesk.conf" <<INI
[service]
address=127.0.0.1:$port
operator=demo

[desk]
recent_accounts=$accounts

[receipt]
office_name=阳光广场物业服务中心（练习）
pdf_folder=$scratch/receipts
always_pdf=true
INI

say "What to try"
cat <<TXT
 The desk opens logged in as the cashier wang / demo-cashier. To work as another operator,
 start "$desk" (it asks) and log in as
             demo / demo-manager   (manager: recharges, batch control, approvals)
         or  li / demo-engineer    (engineer: meter swap)
 The administrator "admin" has the one-time password printed above.

 One real minute is one hour in the office. Within the first minute or two:
   - 1-204 快印图文店 and 2-1-102 李娜 start at 0.00: at their second reading they are in
     arrears (欠费) and their relays trip; stall M05 好运熟食 and 1-203 新思教育 follow;
   - 1-301, the clinic, is kept on (保电) at 0.00; 2-2-103 has a protected night (18:00-09:00);
   - E1-405 and WM-11 are dead: after a few cycles they show as lost (失联).
 Recharge 1-204 (select it, F2): the relay closes again within seconds — see its meter in
 the Meters tab, or from a terminal:
   MD_API_PASSWORD=demo-manager $md call --user demo --port $port meter.list '{"state":"arrears"}'
   echo 'dump E1-204' > $scratch/metersim.ctl; tail -n 1 $scratch/metersim.out
 Service log: $scratch/serve.log
TXT

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  say "The front desk, logged in as the cashier wang (close it to stop the demo)"
  # The password goes through a file only its owner can read (printf is a shell builtin: it is
  # never on a command line that ps shows); the desk ignores the file otherwise.
  pwfile="$scratch/desk-password"
  (umask 077 && printf '%s\n' demo-cashier >"$pwfile")
  "$desk" --login wang --password-file "$pwfile" &
  desk_pid=$!
  wait "$desk_pid" || true  # (a signal to this script interrupts the wait and stops everything)
else
  say "No display: the front desk needs one (run under a desktop, or xvfb-run)."
  echo "The service and the meters keep running until you press Enter."
  read -r _ || true
fi
