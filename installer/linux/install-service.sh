#!/usr/bin/env bash
# Installs meterdeskd as a systemd service on a Debian office PC (run as root after
# `cmake --install build --prefix /usr/local`). Idempotent: an existing configuration is kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
id meterdesk >/dev/null 2>&1 || useradd --system --home-dir /var/lib/meterdesk --shell /usr/sbin/nologin meterdesk
install -d -o meterdesk -g meterdesk -m 0750 /var/lib/meterdesk /var/log/meterdesk
install -d -m 0755 /etc/meterdesk
if [ ! -e /etc/meterdesk/meterdesk.conf ]; then
  install -o root -g meterdesk -m 0640 "$here/meterdesk.conf.example" /etc/meterdesk/meterdesk.conf
  echo "Wrote /etc/meterdesk/meterdesk.conf: set the buses, then: systemctl restart meterdeskd"
fi
install -m 0644 "$here/meterdeskd.service" /etc/systemd/system/meterdeskd.service
systemctl daemon-reload
systemctl enable --now meterdeskd.service
echo "The administrator's one-time password is in: journalctl -u meterdeskd | grep 'one-time password'"
