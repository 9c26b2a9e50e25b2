#!/bin/sh
# notify-example.sh — a sample [Notify] Exec= program for gridd: it appends each notification
# to a log file. A real one forwards it to an SMS, WeChat Work or e-mail gateway.
#
# gridd runs it once per notification, with the notification as one line of JSON on stdin
# (fields: docs/PROTOCOL.md, "Notifications") and these variables set:
#   GRIDD_NOTIFICATION  the notification's id (the same on every retry: drop duplicates by it)
#   GRIDD_EVENT         dispatched, warning, escalated, overdue, ...
#   GRIDD_INCIDENT      the incident number
#   GRIDD_ATTEMPT       1 on the first try, 2 on the first retry, ...
# Exit 0 when the message is delivered; any other exit status (or running past Timeout=) is a
# failed attempt, retried later. What it prints on stdout or stderr ends up, shortened, in
# gridd's log (event=notify_failed) and in `gridctl status`.
#
#   [Notify]
#   Exec=/usr/local/lib/gridd/notify-example.sh /var/log/gridd/notifications.log
set -eu
log="${1:-/tmp/gridd-notifications.log}"
payload="$(cat)"
printf '%s notification=%s attempt=%s event=%s incident=%s %s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$GRIDD_NOTIFICATION" "$GRIDD_ATTEMPT" "$GRIDD_EVENT" "$GRIDD_INCIDENT" \
    "$payload" >> "$log"
# A gateway call would go here, e.g. (WeChat Work group robot; the key is a secret):
#   printf '%s' "$payload" | jq '{msgtype: "text", text: {content: "\(.kind) \(.id) \(.unit.name): \(.title)"}}' \
#     | curl -fsS --max-time 5 -H 'Content-Type: application/json' -d @- "$WECOM_WEBHOOK_URL"
