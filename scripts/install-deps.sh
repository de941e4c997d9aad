#!/usr/bin/env bash
# Installs every Debian 12 package Transfer Studio needs to build, test and run its demo.
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-tools-dev libqcustomplot-dev libgl-dev
  qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk locales
  libopencv-dev
  libtorch-dev libopenblas0-openmp
  nlohmann-json3-dev zlib1g-dev libcli11-dev help2man
  lintian desktop-file-utils appstream shared-mime-info man-db bash-completion
  dataset-fashion-mnist opencv-doc
  python3-torch python3-torchvision
  xvfb imagemagick xauth
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# tests/engine/tst_locale.cpp parses numbers under a decimal-comma locale; it skips where none is generated.
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
