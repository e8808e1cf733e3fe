#!/bin/sh
# What a Debian user expects of the tools:
#   - `--help` (and -h for the COW tools and uml_switch) prints the usage on
#     stdout, nothing on stderr, and exits 0; a bad option gives the usage (or
#     for uml_switch one line) on stderr and a non-zero status;
#   - every manual page renders without a groff or man warning, and names
#     every option its program's --help lists;
#   - `meson install` into a DESTDIR installs the programs and the manual
#     pages, as files identical to the ones built.
# Usage: docs.sh <linux> <uml_mkcow> <uml_moo> <uml_switch> <uml_console> <build dir> <man page>...
set -u
LINUX=$(realpath "$1") MKCOW=$(realpath "$2") MOO=$(realpath "$3") SWITCH=$(realpath "$4")
UC=$(realpath "$5")
BUILD=$(realpath "$6")
shift 6
. "$(dirname "$0")/../lib.sh"

# --- --help -------------------------------------------------------------------
# helps PROG WANT OPT: PROG OPT exits 0, prints WANT (a fixed string) on
# stdout and nothing on stderr.
helps() {
	"$1" "$3" >"$work/out" 2>"$work/err"
	rc=$?
	[ "$rc" -eq 0 ] && grep -qF -- "$2" "$work/out" && [ ! -s "$work/err" ] && return 0
	echo "# $1 $3: status $rc; stdout:"
	sed 's/^/#   /' "$work/out"
	echo "# stderr:"
	sed 's/^/#   /' "$work/err"
	return 1
}
check "linux --help: usage on stdout, status 0" helps "$LINUX" "ubd<n>" --help
check "uml_mkcow --help: usage on stdout, status 0" helps "$MKCOW" "Usage: uml_mkcow" --help
check "uml_mkcow -h: usage on stdout, status 0" helps "$MKCOW" "Usage: uml_mkcow" -h
check "uml_moo --help: usage on stdout, status 0" helps "$MOO" "Usage: uml_moo" --help
check "uml_moo -h: usage on stdout, status 0" helps "$MOO" "Usage: uml_moo" -h
check "uml_switch --help: usage on stdout, status 0" helps "$SWITCH" "Usage: uml_switch" --help
check "uml_switch -h: usage on stdout, status 0" helps "$SWITCH" "Usage: uml_switch" -h
check "uml_switch -help: usage on stdout, status 0" helps "$SWITCH" "Usage: uml_switch" -help
check "uml_console --help: usage on stdout, status 0" helps "$UC" "Usage: uml_console" --help
check "uml_console -h: usage on stdout, status 0" helps "$UC" "Usage: uml_console" -h
# A bad option still goes to stderr with a non-zero status.
for t in "$MKCOW" "$MOO" "$UC"; do
	"$t" --no-such-option >"$work/out" 2>"$work/err"
	rc=$?
	check "$(basename "$t") --no-such-option: status $rc, usage on stderr only" \
		sh -c "[ $rc -ne 0 ] && [ ! -s '$work/out' ] && grep -q Usage: '$work/err'"
done
"$SWITCH" --no-such-option >"$work/out" 2>"$work/err" </dev/null
rc=$?
check "uml_switch --no-such-option: status $rc, one line on stderr naming it" \
	sh -c "[ $rc -eq 2 ] && [ ! -s '$work/out' ] && [ \$(wc -l <'$work/err') -eq 1 ] && grep -q -- --no-such-option '$work/err'"

# --- manual pages -------------------------------------------------------------
# options PROG: the options its --help lists: for linux the name of each
# paragraph (up to '=', '<' or '['), for the other tools each -x and --xx.
options() {
	case $(basename "$1") in
	linux) "$1" --help | awk 'NF == 0 { body = 1; next }
		body && /^[^ \t]/ { sub(/[=<[].*/, ""); print }' ;;
	*) "$1" --help | grep -oE -- '(^|[^a-z-])--?[a-z][a-z-]*' | sed 's/^[^-]*//' | sort -u ;;
	esac
}
for page in "$@"; do
	name=$(basename "$page" .1)
	case $name in
	linux) prog=$LINUX ;;
	uml_mkcow) prog=$MKCOW ;;
	uml_moo) prog=$MOO ;;
	uml_switch) prog=$SWITCH ;;
	uml_console) prog=$UC ;;
	*) not_ok "manual page $page: no program of that name"; continue ;;
	esac
	if command -v groff >/dev/null; then
		check "$name.1: groff -man -ww finds nothing to warn about" \
			sh -c "groff -man -ww -z '$page' >'$work/groff' 2>&1 && [ ! -s '$work/groff' ] ||
				{ cat '$work/groff'; false; }"
	else
		skip "$name.1: groff -man -ww" "groff not installed (apt-get install groff-base)"
	fi
	if command -v man >/dev/null; then
		check "$name.1: man --warnings renders it without a warning" \
			sh -c "MANWIDTH=80 man --warnings -l '$page' >'$work/man.txt' 2>'$work/man.err' &&
				[ ! -s '$work/man.err' ] && [ -s '$work/man.txt' ] || { cat '$work/man.err'; false; }"
	else
		skip "$name.1: man --warnings" "man not installed (apt-get install man-db)"
	fi
	# The page's source with \- as -, so that --help reads as such.
	sed 's/\\-/-/g' "$page" >"$work/page.txt"
	opts=$(options "$prog")
	missing=
	[ -n "$opts" ] || missing=" all: --help lists none"
	for o in $opts; do
		grep -qF -- "$o" "$work/page.txt" || missing="$missing $o"
	done
	check "$name.1 names every option of $name --help${missing:+ (missing:$missing)}" \
		[ -z "$missing" ]
done

# --- meson install -------------------------------------------------------------
if ! command -v meson >/dev/null; then
	skip "meson install into a DESTDIR" "meson not in PATH"
	finish
	exit
fi
dest=$work/dest
if meson install -C "$BUILD" --no-rebuild --destdir "$dest" >"$work/install.log" 2>&1; then
	ok "meson install --destdir succeeds"
else
	not_ok "meson install --destdir succeeds"
	sed 's/^/# /' "$work/install.log"
fi
# Every file meson says it installs is in DESTDIR, identical to its source;
# among them the three programs (executable) and their manual pages.
meson introspect "$BUILD" --installed >"$work/installed.json"
python3 - "$work/installed.json" "$dest" >"$work/install.check" <<'PY'
import json, os, sys, filecmp
installed = json.load(open(sys.argv[1]))
dest = sys.argv[2]
want = {'bin/linux', 'bin/uml_mkcow', 'bin/uml_moo', 'bin/uml_switch', 'bin/uml_console',
        'man1/linux.1', 'man1/uml_mkcow.1', 'man1/uml_moo.1', 'man1/uml_switch.1',
        'man1/uml_console.1'}
for src, dst in sorted(installed.items()):
    got = dest + dst
    tail = '/'.join(dst.split('/')[-2:])
    want.discard(tail)
    if not os.path.isfile(got):
        print('missing', got)
    elif not filecmp.cmp(src, got, shallow=False):
        print('differs from the build', got)
    elif tail.startswith('bin/') and not os.access(got, os.X_OK):
        print('not executable', got)
    else:
        print('ok', tail)
for w in sorted(want):
    print('not installed at all', w)
PY
sed 's/^/# /' "$work/install.check"
check "the programs and manual pages are installed, identical to the build" \
	sh -c "! grep -v '^ok ' '$work/install.check' && [ \$(grep -c '^ok ' '$work/install.check') -ge 8 ]"
bindir=$(dirname "$(find "$dest" -path '*/bin/uml_moo' | head -n 1)")
check "the installed uml_moo --help works" helps "$bindir/uml_moo" "Usage: uml_moo" --help
if command -v man >/dev/null; then
	page=$(find "$dest" -path '*/man1/uml_moo.1' | head -n 1)
	check "man -l renders the installed uml_moo.1" \
		sh -c "man -l '$page' 2>/dev/null | grep -q 'uml_moo - merge'"
	page=$(find "$dest" -path '*/man1/uml_switch.1' | head -n 1)
	check "man -l renders the installed uml_switch.1" \
		sh -c "man -l '$page' 2>/dev/null | grep -q 'uml_switch - virtual Ethernet switch'"
fi
bindir=$(dirname "$(find "$dest" -path '*/bin/uml_switch' | head -n 1)")
check "the installed uml_switch --help works" helps "$bindir/uml_switch" "Usage: uml_switch" --help
finish
