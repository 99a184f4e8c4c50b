#!/usr/bin/env bash
# Install the TH Sarabun New font files from the npm registry (package
# font-th-sarabun-new) and make the font names Thai offices use resolve to them, so
# LibreOffice and matplotlib never fall back to another Thai font.
set -euo pipefail
PACKAGE=font-th-sarabun-new@1.0.0

if [ "$(id -u)" = 0 ]; then
  dest=/usr/local/share/fonts/docgen; conf_dir=/etc/fonts/conf.d
else
  dest="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/docgen"; conf_dir="${XDG_CONFIG_HOME:-$HOME/.config}/fontconfig/conf.d"
fi

if ! ls "$dest"/THSarabunNew*.ttf >/dev/null 2>&1; then
  echo "install-fonts: fetching $PACKAGE from the npm registry"
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$dest"
  for f in "$work"/package/fonts/*.ttf; do
    name=$(basename "$f" | sed -e 's/-webfont//' -e 's/_/-/')
    install -m 0644 "$f" "$dest/$name"
  done
fi

mkdir -p "$conf_dir"
cat > "$conf_dir/60-docgen-thai.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- docgen: the Thai national font names resolve to TH Sarabun New -->
<fontconfig>
  <alias binding="same"><family>TH SarabunPSK</family><prefer><family>TH Sarabun New</family></prefer></alias>
  <alias binding="same"><family>TH SarabunIT๙</family><prefer><family>TH Sarabun New</family></prefer></alias>
  <alias binding="same"><family>TH Sarabun IT๙</family><prefer><family>TH Sarabun New</family></prefer></alias>
  <alias binding="same"><family>Sarabun</family><prefer><family>TH Sarabun New</family></prefer></alias>
</fontconfig>
XML
fc-cache -f >/dev/null 2>&1 || true
