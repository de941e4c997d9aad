# Sourced by the bench scripts that run the window: a temporary folder $work, removed at exit, holding the
# window's settings, caches and runs (XDG_*, so runs never land in the user's own), and a display: Xvfb on
# one of :90-:98 ($xvfb is its pid), or Qt's offscreen platform where Xvfb is not installed ($xvfb empty).
work=$(mktemp -d)
xvfb=
trap 'rm -rf "$work"; [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null || true' EXIT
export XDG_CACHE_HOME=$work/cache XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
if command -v Xvfb >/dev/null; then
    display=:$((90 + RANDOM % 9))
    Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
    xvfb=$!
    sleep 2
    export DISPLAY=$display
else
    export QT_QPA_PLATFORM=offscreen
fi
