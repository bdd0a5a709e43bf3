# shellcheck shell=bash
# Helpers for the bind-model integration tests (sourced after tests/lib.sh).

# bind_make_image DIR [LABEL=VALUE...]: a minimal Charliecloud directory
# image with no MPI: the host's C runtime (glibc only), an empty
# /opt/parity/host to bind onto, and the given labels in /ch/metadata.json
# and /etc/parity/labels. Programs are added by the caller.
bind_make_image() {
	local dir=$1 multi lib kv sep=''
	shift
	multi=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
	mkdir -p "$dir/usr/lib/$multi" "$dir/usr/bin" "$dir/etc/parity" "$dir/ch" "$dir/opt/parity/host" \
		"$dir/dev" "$dir/proc" "$dir/sys" "$dir/tmp" "$dir/home" "$dir/root" "$dir/mnt" "$dir/run" \
		"$dir/var/tmp" "$dir/usr/lib64" || return 1
	ln -s usr/lib "$dir/lib" && ln -s usr/lib64 "$dir/lib64" && ln -s usr/bin "$dir/bin" || return 1
	for lib in libc.so.6 libm.so.6; do
		cp -L "/lib/$multi/$lib" "$dir/usr/lib/$multi/$lib" || return 1
	done
	cp -L "/lib64/ld-linux-x86-64.so.2" "$dir/usr/lib64/ld-linux-x86-64.so.2" || return 1
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$dir/etc/passwd"
	printf 'root:x:0:\n' >"$dir/etc/group"
	: >"$dir/etc/hosts"
	: >"$dir/etc/resolv.conf"
	printf '%s\n' "$@" >"$dir/etc/parity/labels"
	{
		printf '{\n  "arch": "amd64",\n  "cwd": "/",\n  "env": {},\n  "labels": {'
		for kv in "$@"; do
			printf '%s\n    "%s": "%s"' "$sep" "${kv%%=*}" "${kv#*=}"
			sep=,
		done
		printf '\n  },\n  "volumes": []\n}\n'
	} >"$dir/ch/metadata.json"
}

# bind_dev_hex FILE: FILE's device as /proc/PID/maps prints it (hex major:minor).
bind_dev_hex() {
	local dev
	dev=$(stat -L -c %d "$1") || return 1
	printf '%02x:%02x\n' $(((dev >> 8) & 0xfff)) $(((dev & 0xff) | ((dev >> 12) & 0xfff00)))
}
