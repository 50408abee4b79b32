#!/usr/bin/env bash
# Package a one-folder build as a .deb with plain dpkg-deb (no debhelper needed).
#   installer/debian/make_deb.sh APP_DIR VERSION OUT_DIR     → OUT_DIR/station-app_VERSION_ARCH.deb
# Works as root and as a normal user: --root-owner-group makes every file root's in the
# package without fakeroot.
set -euo pipefail
APP=$(cd "$1" && pwd); VERSION=$2; OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
ARCH=$(dpkg --print-architecture)
STAGE="$OUT/deb-root"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/icons/hicolor/256x256/apps" \
  "$STAGE/lib/udev/rules.d"

# Hard links: the app is ~450 MB and is not copied, only linked (a copy across disks).
cp -al "$APP" "$STAGE/opt/station-app" 2>/dev/null || cp -a "$APP" "$STAGE/opt/station-app"
install -m 0755 "$HERE/station-app.sh" "$STAGE/usr/bin/station-app"
install -m 0644 "$HERE/station-app.desktop" "$STAGE/usr/share/applications/station-app.desktop"
install -m 0644 "$ROOT/resources/icons/app.svg" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps/station-app.svg"
"${PYTHON:-python3}" "$ROOT/installer/render_icon.py" \
  "$STAGE/usr/share/icons/hicolor/256x256/apps/station-app.png" 256
install -m 0644 "$HERE/60-station-app-printers.rules" \
  "$STAGE/lib/udev/rules.d/60-station-app-printers.rules"
install -m 0755 "$HERE/postinst" "$HERE/postrm" "$STAGE/DEBIAN/"

# The oldest C library the bundled binaries accept: dpkg then refuses a too-old system
# (e.g. a build on Debian 12 for a UOS 20 counter) instead of the app failing at start.
command -v readelf >/dev/null || { echo "readelf is needed: apt-get install binutils" >&2; exit 1; }
GLIBC=$(find "$STAGE/opt/station-app" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 readelf -V --wide 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*[0-9]' \
  | sed 's/GLIBC_//' | sort -uV | tail -1 || true)
[[ -n "$GLIBC" ]] || { echo "no GLIBC version found in the build" >&2; exit 1; }
SIZE_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE_KB@/$SIZE_KB/" \
    -e "s/@GLIBC@/$GLIBC/" "$HERE/control.in" > "$STAGE/DEBIAN/control"
(cd "$STAGE" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
  | xargs -0 md5sum > DEBIAN/md5sums)
chmod -R u+rwX,go+rX,go-w "$STAGE"

# gzip -1: quick to build in CI and readable by every dpkg (older UOS/Kylin lack zstd).
DEB="$OUT/station-app_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zgzip -z1 --build "$STAGE" "$DEB" >/dev/null
rm -rf "$STAGE"
echo "$DEB"
