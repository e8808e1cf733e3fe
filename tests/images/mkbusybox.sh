#!/bin/sh
# mkbusybox.sh IMAGE SIZE [INIT-SCRIPT] [EXTRA-DIR]
#
# Builds an ext4 root image from Debian's busybox-static: /bin/busybox with
# a symlink per applet, the usual top-level directories, and /init (and
# /sbin/init) from INIT-SCRIPT if given, else an interactive shell. Files
# under EXTRA-DIR are copied into the root as they are. Needs no root
# privileges: mkfs.ext4 -d writes the tree into the image.
set -eu
img=$1 size=$2 init=${3:-} extra=${4:-}
bb=/bin/busybox
[ -x "$bb" ] || { echo "mkbusybox: $bb not found (apt-get install busybox-static)" >&2; exit 1; }
"$bb" --list >/dev/null 2>&1 || { echo "mkbusybox: $bb is not a static busybox" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/etc" \
	"$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/root" "$root/mnt"
chmod 1777 "$root/tmp"
cp "$bb" "$root/bin/busybox"
for applet in $("$bb" --list); do
	[ "$applet" = busybox ] && continue
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
if [ -n "$init" ]; then
	cp "$init" "$root/init"
else
	printf '#!/bin/sh\nmount -t proc proc /proc 2>/dev/null\nexec /bin/sh\n' > "$root/init"
fi
chmod 755 "$root/init"
ln -s ../init "$root/sbin/init"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf 'umk\n' > "$root/etc/hostname"
[ -n "$extra" ] && cp -a --remove-destination "$extra/." "$root/"
rm -f "$img"
mkfs.ext4 -q -F -d "$root" "$img" "$size"
