#!/bin/sh
# /usr/bin/station-app: the counter app is a PyInstaller one-folder build in /opt/station-app.
exec /opt/station-app/station-app "$@"
