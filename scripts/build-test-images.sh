#!/bin/bash
# build-test-images.sh: build parity's Charliecloud test images (directory images) from Debian
# packages with debootstrap, caching every layer as a tarball keyed on what went into it.
# See scripts/images/README.md for what each image holds and why.
set -euo pipefail

readonly PROG=${0##*/}
# Bump when a change to this script changes what a cached layer contains.
readonly LAYER_VERSION=1
readonly SUITE=bookworm
readonly FALLBACK_MIRROR=http://deb.debian.org/debian
readonly MAKE_JOBS=2
readonly ALL_IMAGES=(parity-mpi parity-bare parity-portable)
# The hybrid image: both MPIs, their compilers and the kernels' build deps (kept: the image is
# also where users rebuild the kernels); ucx-utils gives ucx_info for transport checks.
readonly PKGS_MPI=(mpich openmpi-bin gcc make pkg-config libmpich-dev libopenmpi-dev
	libhwloc-dev libcsv-dev libjansson-dev ucx-utils)
# The bind image starts from these; the kernels' other non-MPI NEEDED libraries are added.
readonly PKGS_BARE_BASE=(libhwloc15 libcsv3)
readonly FAMILIES=(mpich openmpi)
# Files that must never be in the bind image: it gets its MPI from the host.
readonly MPI_LIB_GLOBS=('libmpi.so*' 'libmpich*' 'libmpi_*' 'libopen-rte.so*' 'libopen-pal.so*')

usage() {
	cat <<EOF
Usage: $PROG --src TARBALL [--out DIR] [--cache DIR] [--only NAME]... [--rebuild]

Build parity's Charliecloud directory images from Debian $SUITE packages (debootstrap; only
the Debian archive is contacted) and print the path of each image produced.

  --src TARBALL  parity 'make dist' tarball (e.g. parity-0.1.0.tar.gz); the kernels are
                 built from it inside the image with the image's own MPI compilers
  --out DIR      where images go (default: \${PARITY_IMAGE_DIR:-/var/tmp/parity/images})
  --cache DIR    layer tarballs, logs, scratch (default: \${PARITY_CACHE_DIR:-/var/cache/parity})
  --only NAME    build only this image (repeatable): ${ALL_IMAGES[*]}
  --rebuild      rebuild every layer and image this run needs, ignoring the cache and
                 the images' build-key stamps (the cache entries are replaced)
  -h, --help     show this help

Images (in DIR):
  parity-mpi       MPICH + Open MPI + kernels in /opt/parity/{mpich,openmpi} (hybrid model)
  parity-bare      kernels and their non-MPI libraries only, empty /opt/parity/host (bind model)
  parity-portable  parity-mpi with both MPIs limited to TCP by config files in the image

Must run as root. Labels: /ch/metadata.json ("labels") and /etc/parity/labels.
EOF
}

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
usage_error() { printf '%s: %s (try --help)\n' "$PROG" "$*" >&2; exit 2; }

# ---------------------------------------------------------------- options

src='' out=${PARITY_IMAGE_DIR:-/var/tmp/parity/images} cache=${PARITY_CACHE_DIR:-/var/cache/parity}
rebuild=0
only=()

parse_args() {
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) usage; exit 0 ;;
		--src | --out | --cache | --only)
			if [ $# -lt 2 ] || [ -z "$2" ]; then usage_error "$1 needs an argument"; fi
			case $1 in
			--src) src=$2 ;;
			--out) out=$2 ;;
			--cache) cache=$2 ;;
			--only) only+=("$2") ;;
			esac
			shift 2 ;;
		--src=* | --out=* | --cache=* | --only=*)
			local opt=${1%%=*} val=${1#*=}
			[ -n "$val" ] || usage_error "$opt needs an argument"
			case $opt in
			--src) src=$val ;;
			--out) out=$val ;;
			--cache) cache=$val ;;
			--only) only+=("$val") ;;
			esac
			shift ;;
		--rebuild) rebuild=1; shift ;;
		*) usage_error "unknown argument '$1'" ;;
		esac
	done
	local name
	for name in "${only[@]}"; do
		case " ${ALL_IMAGES[*]} " in
		*" $name "*) ;;
		*) usage_error "--only: unknown image '$name' (known: ${ALL_IMAGES[*]})" ;;
		esac
	done
	[ ${#only[@]} -gt 0 ] || only=("${ALL_IMAGES[@]}")
	[ -n "$src" ] || usage_error "--src TARBALL is required (run 'make dist' to make one)"
	[ -f "$src" ] || usage_error "--src: no such file '$src'"
	src=$(realpath -- "$src")
	mkdir -p -- "$out" "$cache" || die "cannot create '$out' or '$cache'"
	out=$(realpath -- "$out")
	cache=$(realpath -- "$cache")
}

check_host() {
	[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap and chroot need it)"
	local tool listing
	for tool in debootstrap chroot unshare mount flock tar sha256sum apt-cache realpath; do
		command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (apt-get install debootstrap util-linux)"
	done
	# The kernels' top-level configure is what we run; anything else is not a dist tarball.
	listing=$(tar -tf "$src" 2>/dev/null) || die "--src: cannot list '$src' (not a tarball?)"
	grep -q '^[^/]*/configure$' <<<"$listing" \
		|| die "--src: '$src' is not a 'make dist' tarball (no top-level configure)"
}

# ---------------------------------------------------------------- helpers

# Compression of cached layers: zstd when present (fast), gzip otherwise.
if command -v zstd >/dev/null 2>&1; then
	readonly TAR_EXT=tar.zst
	compress() { zstd -q -T0 -3; }
	decompress() { zstd -q -dc -- "$1"; }
else
	readonly TAR_EXT=tar.gz
	compress() { gzip -1; }
	decompress() { gzip -dc -- "$1"; }
fi

# hash_of STRING...: short stable key of the arguments (one per line).
hash_of() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# now_s: seconds since the epoch (for step timings).
now_s() { date +%s; }

# in_root ROOT CMD...: run CMD chrooted in ROOT with /proc mounted in a private mount namespace,
# so the mount vanishes with the process whatever happens; minimal, predictable environment.
in_root() {
	local root=$1; shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C DEBIAN_FRONTEND=noninteractive \
		unshare --mount --propagation private -- /bin/sh -c \
		'r=$1; shift; mount -t proc proc "$r/proc" && exec chroot "$r" "$@"' sh "$root" "$@"
}

# safe_rm DIR: delete a scratch tree, refusing if anything is still mounted below it.
safe_rm() {
	local dir=$1
	[ -e "$dir" ] || return 0
	if awk -v d="$dir/" 'index($2 "/", d) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
		log "warning: something is mounted below $dir; not deleting it"
		return 0
	fi
	rm -rf --one-file-system -- "$dir"
}

# layer_path KIND KEY: where the cached tarball of a layer lives.
layer_path() { printf '%s/layers/%s-%s.%s\n' "$cache" "$1" "$2" "$TAR_EXT"; }

# layer_have PATH: is the layer cached? With --rebuild only layers written by this run count
# (the layer functions run in subshells, so the cache files themselves are the record).
layer_have() { [ -s "$1" ] && { [ "$rebuild" -eq 0 ] || [ "$1" -nt "$work/.started" ]; }; }

# layer_store DIR PATH [MEMBER...]: tar DIR (or only its MEMBERs) into PATH atomically.
layer_store() {
	local dir=$1 path=$2; shift 2
	local tmp="$path.tmp.$$"
	[ $# -gt 0 ] || set -- .
	if ! tar -C "$dir" --numeric-owner --xattrs -cf - -- "$@" | compress >"$tmp"; then
		rm -f -- "$tmp"
		die "cannot write cache file $path"
	fi
	mv -f -- "$tmp" "$path"
}

# layer_restore PATH DIR [MEMBER...]: unpack a cached layer (or only some members) into DIR.
layer_restore() {
	local path=$1 dir=$2; shift 2
	mkdir -p -- "$dir"
	decompress "$path" | tar -C "$dir" --numeric-owner --xattrs -xpf - -- "$@" \
		|| die "cannot unpack cache file $path (delete it and retry)"
}

# apt_sources: the host's Debian archive entries for $SUITE (main archive, -updates,
# -security) as one-line sources, read from apt's own view of /etc/apt/sources.list*.
apt_sources() {
	apt-cache policy 2>/dev/null | awk -v s="$SUITE" '
		$1 ~ /^[0-9]+$/ && $NF == "Packages" && split($3, a, "/") == 2 && a[2] == "main" &&
		(a[1] == s || a[1] == s "-updates" || a[1] == s "-security") { print "deb " $2 " " a[1] " main" }' \
		| sort -u
}

# main_mirror SOURCES: the URI serving $SUITE itself (for debootstrap).
main_mirror() {
	local uri suite rest
	while read -r _ uri suite rest; do
		[ "$suite" = "$SUITE" ] && { printf '%s\n' "$uri"; return 0; }
	done <<<"$1"
	return 1
}

# run_logged LOG WHAT CMD...: run CMD with its output in LOG; on failure show the tail and die.
run_logged() {
	local logf=$1 what=$2; shift 2
	if ! "$@" >>"$logf" 2>&1; then
		tail -n 25 -- "$logf" >&2
		die "$what failed (full log: $logf)"
	fi
}

# source_sum: sha256 of the dist tarball's content (member modes and names, then the bytes of
# its files), not of the tarball: every `make dist` writes new timestamps, and an unchanged tree
# must not rebuild the kernels.
source_sum() {
	local sum
	sum=$({ tar -tvf "$src" | awk '{ print $1, $NF }'; tar -xOf "$src"; } | sha256sum) \
		|| die "cannot read '$src'"
	printf '%s\n' "${sum%% *}"
}

# ---------------------------------------------------------------- layers

# layer_minbase: cached debootstrap --variant=minbase $SUITE with docs excluded; prints its path.
layer_minbase() {
	local key path root t0
	key=$(hash_of minbase "$SUITE" "$LAYER_VERSION")
	path=$(layer_path minbase "$key")
	if layer_have "$path"; then printf '%s\n' "$path"; return 0; fi
	t0=$(now_s)
	root="$work/minbase"
	log "debootstrap --variant=minbase $SUITE from $mirror (about 30 s)"
	# Own mount namespace: debootstrap's /proc and /dev mounts cannot leak to the host.
	run_logged "$work/minbase.log" debootstrap \
		unshare --mount --propagation private -- \
		debootstrap --variant=minbase "$SUITE" "$root" "$mirror"
	# Keep docs, man pages and translations out of every later apt-get install too.
	cat >"$root/etc/dpkg/dpkg.cfg.d/parity-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
path-exclude=/usr/share/lintian/*
EOF
	printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
		>"$root/etc/apt/apt.conf.d/90parity-norecommends"
	tidy_root "$root"
	layer_store "$root" "$path"
	safe_rm "$root"
	log "minbase layer cached in $(( $(now_s) - t0 )) s: $path"
	printf '%s\n' "$path"
}

# tidy_root ROOT: drop what an image does not need (apt lists and caches, docs, logs, host DNS).
tidy_root() {
	local root=$1
	rm -rf -- "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
		"$root"/var/cache/apt/archives/*.deb "$root"/var/cache/debconf/*-old \
		"$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian/*
	find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
	find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
	find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
	find "$root/var/log" -type f -delete
	rm -f -- "$root/root/.bash_history"
	# ch-run binds the host's resolv.conf and hosts over these; they must exist, empty is right.
	: >"$root/etc/resolv.conf"
	[ -e "$root/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n' >"$root/etc/hosts"
}

# pkgs_key PKG...: cache key of a package layer (suite, sorted package list, layer version).
pkgs_key() { hash_of pkgs "$SUITE" "$LAYER_VERSION" "$(printf '%s\n' "$@" | sort -u)"; }

# layer_pkgs NAME PKG...: cached minbase + apt-get install PKG...; prints its path.
layer_pkgs() {
	local name=$1; shift
	local pkgs key path root t0 minbase
	pkgs=$(printf '%s\n' "$@" | sort -u)
	key=$(pkgs_key "$@")
	path=$(layer_path "pkgs-$name" "$key")
	if layer_have "$path"; then printf '%s\n' "$path"; return 0; fi
	minbase=$(layer_minbase)
	t0=$(now_s)
	root="$work/pkgs-$name"
	layer_restore "$minbase" "$root"
	printf '%s\n' "$sources" >"$root/etc/apt/sources.list"
	cp -- /etc/resolv.conf "$root/etc/resolv.conf"
	# No daemon may start inside the build chroot.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	log "installing into $name: ${pkgs//$'\n'/ }"
	run_logged "$work/pkgs-$name.log" "apt-get update in $name" in_root "$root" apt-get -q update
	# shellcheck disable=SC2086 # one package per word
	run_logged "$work/pkgs-$name.log" "apt-get install in $name" \
		in_root "$root" apt-get -q -y install $pkgs
	in_root "$root" apt-get clean >/dev/null
	rm -f -- "$root/usr/sbin/policy-rc.d"
	tidy_root "$root"
	layer_store "$root" "$path"
	safe_rm "$root"
	log "package layer $name cached in $(( $(now_s) - t0 )) s: $path"
	printf '%s\n' "$path"
}

# The script run in the chroot to build the kernels of one MPI family from the dist tarball:
# $1 = tarball inside the chroot, $2 = family, $3 = make -j.
# shellcheck disable=SC2016 # expanded by the chroot's shell
readonly BUILD_KERNELS_SH='
set -eu
tarball=$1 family=$2 jobs=$3
dir=/tmp/parity-build/$family
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
tar -xf "$tarball"
cd */
./configure MPICC=mpicc.$family --prefix=/opt/parity/$family --without-cmocka
make -j"$jobs"
make install
test -x /opt/parity/$family/bin/parity-bench
'

# layer_kernels PKGS_LAYER KEY: cached /opt/parity built from $src inside the MPI package layer
# (both families); prints its path.
layer_kernels() {
	local pkgs_layer=$1 key=$2
	local path root t0 family
	path=$(layer_path kernels "$key")
	if layer_have "$path"; then printf '%s\n' "$path"; return 0; fi
	t0=$(now_s)
	root="$work/kernels"
	layer_restore "$pkgs_layer" "$root"
	mkdir -p -- "$root/tmp/parity-src"
	cp -- "$src" "$root/tmp/parity-src/"
	for family in "${FAMILIES[@]}"; do
		log "building the kernels with mpicc.$family from ${src##*/} (log: $work/kernels-$family.log)"
		run_logged "$work/kernels-$family.log" "kernel build with mpicc.$family" \
			in_root "$root" /bin/sh -c "$BUILD_KERNELS_SH" sh \
			"/tmp/parity-src/${src##*/}" "$family" "$MAKE_JOBS"
	done
	layer_store "$root" "$path" opt/parity
	safe_rm "$root"
	log "kernel layer cached in $(( $(now_s) - t0 )) s: $path"
	printf '%s\n' "$path"
}

# ---------------------------------------------------------------- inspection (in a root)

# kernel_bins: the kernel binaries, relative to the root.
kernel_bins() { local f; for f in "${FAMILIES[@]}"; do printf 'opt/parity/%s/bin/parity-bench\n' "$f"; done; }

# is_mpi_soname SONAME: is this an MPI library (which the bind model takes from the host)?
is_mpi_soname() {
	case $1 in
	libmpi.so.* | libmpich.so.* | libmpi_* | libmpicxx* | libmpifort* | libopen-rte.so.* | libopen-pal.so.*) return 0 ;;
	*) return 1 ;;
	esac
}

# needed_sonames ROOT: the DT_NEEDED entries of the kernel binaries (readelf from the root).
needed_sonames() {
	local root=$1 bin dyn all=''
	for bin in $(kernel_bins); do
		dyn=$(in_root "$root" readelf -d "/$bin") || die "readelf cannot read /$bin"
		all+=$(sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' <<<"$dyn")$'\n'
	done
	sort -u <<<"$all" | sed '/^$/d'
}

# soname_package ROOT SONAME: the Debian package (no :arch) shipping SONAME in ROOT.
soname_package() {
	local root=$1 soname=$2 cache_list lib pkg
	cache_list=$(in_root "$root" ldconfig -p) || die "ldconfig -p failed in the MPI image"
	lib=$(awk -v s="$soname" '$1 == s && !found { print $NF; found = 1 }' <<<"$cache_list")
	[ -n "$lib" ] || die "the kernels need $soname but it is not in the MPI image"
	# Merged /usr: dpkg may know the file under the other prefix.
	pkg=$(in_root "$root" dpkg -S "$lib" 2>/dev/null || in_root "$root" dpkg -S "${lib#/usr}" 2>/dev/null \
		|| in_root "$root" dpkg -S "/usr$lib" 2>/dev/null) || die "no package owns $lib in the MPI image"
	pkg=${pkg%%$'\n'*}
	printf '%s\n' "${pkg%%:*}"
}

# abi_label ROOT: "mpich:12,openmpi:40" from the MPI sonames each family's kernel needs.
abi_label() {
	local root=$1 family dyn soname major parts=()
	for family in "${FAMILIES[@]}"; do
		dyn=$(in_root "$root" readelf -d "/opt/parity/$family/bin/parity-bench") \
			|| die "readelf cannot read the $family kernel"
		soname=$(sed -n 's/.*(NEEDED).*\[\(libmpi\(ch\)\{0,1\}\.so\.[0-9]*\)\]$/\1/p' <<<"$dyn")
		soname=${soname%%$'\n'*}
		[ -n "$soname" ] || die "the $family kernel is not linked with an MPI library"
		major=${soname##*.so.}
		parts+=("$family:$major")
	done
	(IFS=,; printf '%s\n' "${parts[*]}")
}

# upstream_version ROOT PKG: the upstream part of an installed package's version (4.0.2-3+b1 -> 4.0.2).
upstream_version() {
	local v
	# shellcheck disable=SC2016 # a dpkg-query format, not a shell expansion
	v=$(in_root "$1" dpkg-query -W -f '${Version}' "$2") || die "package $2 is not installed"
	v=${v#*:}
	v=${v%-*}
	printf '%s\n' "${v%%[+~]*}"
}

# ldd_missing ROOT BIN: the libraries ldd cannot find for BIN in ROOT, one per line.
ldd_missing() {
	local deps
	deps=$(in_root "$1" ldd "/$2") || die "ldd cannot inspect /$2"
	awk '/not found/ { print $1 }' <<<"$deps"
}

# ---------------------------------------------------------------- labels

# json_str S: S as a JSON string literal.
json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	printf '"%s"' "$s"
}

# write_labels ROOT KEY=VALUE...: labels in /etc/parity/labels and in Charliecloud's
# /ch/metadata.json (same layout as ch-image writes: sorted keys, two-space indent).
write_labels() {
	local root=$1; shift
	local arch kv sep='' sorted
	sorted=$(printf '%s\n' "$@" | LC_ALL=C sort)
	mkdir -p -- "$root/etc/parity" "$root/ch"
	printf '%s\n' "$sorted" >"$root/etc/parity/labels"
	arch=$(in_root "$root" dpkg --print-architecture)
	{
		printf '{\n  "arch": %s,\n  "cwd": "/",\n  "env": {},\n  "history": [],\n  "labels": {' "$(json_str "$arch")"
		while IFS= read -r kv; do
			printf '%s\n    %s: %s' "$sep" "$(json_str "${kv%%=*}")" "$(json_str "${kv#*=}")"
			sep=,
		done <<<"$sorted"
		printf '\n  },\n  "shell": [\n    "/bin/sh",\n    "-c"\n  ],\n  "volumes": []\n}\n'
	} >"$root/ch/metadata.json"
	: >"$root/ch/environment"
	if command -v jq >/dev/null 2>&1; then
		jq -e '.labels | type == "object"' "$root/ch/metadata.json" >/dev/null \
			|| die "wrote invalid JSON to $root/ch/metadata.json"
	fi
}

# common_labels: labels every image carries besides the five required ones.
common_labels() {
	printf '%s\n' "org.parity.debian.suite=$SUITE" \
		"org.parity.source=${src##*/} content-sha256:$src_sum" \
		"org.parity.builder=$PROG layer-version $LAYER_VERSION"
}

# ---------------------------------------------------------------- images

# image_key NAME LAYER...: what an image is assembled from (its layers, this script, the source).
image_key() { hash_of image "$@" "$script_sum" "$src_sum"; }

# image_current NAME KEY: $out/NAME exists and was assembled from KEY (then print its path).
image_current() {
	local stamp="$out/$1/etc/parity/build-key"
	[ "$rebuild" -eq 0 ] && [ -s "$stamp" ] && [ "$(cat -- "$stamp")" = "$2" ] || return 1
	log "$1 is up to date"
	printf '%s\n' "$out/$1"
}

# install_image NAME ROOT KEY: stamp ROOT with KEY and replace $out/NAME by it (renames in $out).
install_image() {
	local name=$1 root=$2 old="$out/.$1.old.$$"
	printf '%s\n' "$3" >"$root/etc/parity/build-key"
	if [ -e "$out/$name" ]; then mv -- "$out/$name" "$old"; fi
	mv -- "$root" "$out/$name"
	safe_rm "$old"
	printf '%s\n' "$out/$name"
}

# smoke_ch_run IMAGE: the image starts under ch-run (skipped when ch-run is absent).
smoke_ch_run() {
	command -v ch-run >/dev/null 2>&1 || { log "ch-run not found: skipped the ch-run smoke test"; return 0; }
	USER=${USER:-root} ch-run "$1" -- /bin/true || die "ch-run cannot start $1"
}

# assemble_mpi VARIANT: parity-mpi (VARIANT=mpi) or parity-portable (VARIANT=portable).
assemble_mpi() {
	local variant=$1 name root bin missing transport labels mpich_v openmpi_v abi key
	name=parity-$variant
	key=$(image_key "$name" "$mpi_layer" "$kernel_layer")
	image_current "$name" "$key" && return 0
	root="$out/.$name.new.$$"
	staging+=("$root")
	layer_restore "$mpi_layer" "$root"
	layer_restore "$kernel_layer" "$root"
	for bin in $(kernel_bins); do
		[ -x "$root/$bin" ] || die "$name: /$bin missing after the kernel build"
		missing=$(ldd_missing "$root" "$bin")
		[ -z "$missing" ] || die "$name: /$bin needs libraries the image lacks: ${missing//$'\n'/ }"
	done
	mpich_v=$(upstream_version "$root" mpich)
	openmpi_v=$(upstream_version "$root" openmpi-bin)
	abi=$(abi_label "$root")
	transport=native
	if [ "$variant" = portable ]; then
		limit_to_tcp "$root"
		transport=tcp
	fi
	labels=("org.supercontainers.mpi.implementation=$(IFS=,; echo "${FAMILIES[*]}")"
		"org.supercontainers.mpi.version=mpich=$mpich_v,openmpi=$openmpi_v"
		"org.parity.mpi.abi=$abi"
		"org.parity.image.variant=$variant"
		"org.parity.transport=$transport")
	mapfile -t -O ${#labels[@]} labels < <(common_labels)
	write_labels "$root" "${labels[@]}"
	smoke_ch_run "$root"
	install_image "$name" "$root" "$key"
}

# limit_to_tcp ROOT: make both MPIs of ROOT use TCP only, through files in the image (the
# launcher's environment is not ours to set): Open MPI's system MCA file and UCX's system
# config file, which MPICH's ch4:ucx reads when it creates its UCP context.
limit_to_tcp() {
	local root=$1
	cat >"$root/etc/openmpi/openmpi-mca-params.conf" <<'EOF'
# parity-portable: a generic image without the site's interconnect or shared-memory
# support. Point-to-point over TCP only (ob1 + tcp/self BTLs; no vader, no UCX).
btl_base_warn_component_unused = 0
pml = ob1
btl = tcp,self
mtl = ^ofi,psm,psm2
osc = ^ucx,pt2pt
EOF
	mkdir -p -- "$root/etc/ucx"
	cat >"$root/etc/ucx/ucx.conf" <<'EOF'
# parity-portable: UCX (used by MPICH ch4:ucx) limited to TCP and loopback-to-self:
# no shared memory (posix, sysv, cma) and no RDMA.
[global]
UCX_TLS=tcp,self
EOF
}

# bare_info: cached facts about the kernels for the bind image, asked of the image they were
# built in: "pkg NAME" lines (packages of their non-MPI libraries) and "abi LABEL"; prints its path.
bare_info() {
	local path scratch soname sonames pkg abi tmp
	path="$cache/layers/bare-info-$kernel_key.txt"
	if layer_have "$path"; then printf '%s\n' "$path"; return 0; fi
	scratch="$work/inspect"
	layer_restore "$mpi_layer" "$scratch"
	layer_restore "$kernel_layer" "$scratch"
	tmp="$path.tmp.$$"
	printf 'pkg %s\n' "${PKGS_BARE_BASE[@]}" >"$tmp"
	sonames=$(needed_sonames "$scratch")
	for soname in $sonames; do
		is_mpi_soname "$soname" && continue
		pkg=$(soname_package "$scratch" "$soname")
		printf 'pkg %s\n' "$pkg" >>"$tmp"
	done
	abi=$(abi_label "$scratch")
	printf 'abi %s\n' "$abi" >>"$tmp"
	mv -f -- "$tmp" "$path"
	safe_rm "$scratch"
	printf '%s\n' "$path"
}

# assemble_bare: parity-bare, the kernels plus their non-MPI libraries, no MPI.
assemble_bare() {
	local name=parity-bare root info bin lib missing abi labels pkgs=() bare_layer key
	info=$(bare_info)
	abi=$(sed -n 's/^abi //p' "$info")
	mapfile -t pkgs < <(sed -n 's/^pkg //p' "$info")
	if [ -z "$abi" ] || [ ${#pkgs[@]} -eq 0 ]; then die "corrupt cache file $info (delete it and retry)"; fi
	bare_layer=$(layer_pkgs bare "${pkgs[@]}")
	key=$(image_key "$name" "$bare_layer" "$kernel_layer")
	image_current "$name" "$key" && return 0
	root="$out/.$name.new.$$"
	staging+=("$root")
	layer_restore "$bare_layer" "$root"
	# shellcheck disable=SC2046 # one member per word
	layer_restore "$kernel_layer" "$root" $(kernel_bins)
	mkdir -p -- "$root/opt/parity/host"
	for lib in "${MPI_LIB_GLOBS[@]}"; do
		missing=$(find "$root" -xdev -name "$lib" -print -quit)
		[ -z "$missing" ] || die "$name: MPI library in the bind image: ${missing#"$root"}"
	done
	for bin in $(kernel_bins); do
		missing=$(ldd_missing "$root" "$bin")
		for lib in $missing; do
			is_mpi_soname "$lib" || die "$name: /$bin needs $lib, which no package provides here"
		done
	done
	labels=("org.supercontainers.mpi.implementation=none"
		"org.supercontainers.mpi.version=none"
		"org.parity.mpi.abi=$abi"
		"org.parity.image.variant=bare"
		"org.parity.transport=native"
		"org.parity.bind.target=/opt/parity/host")
	mapfile -t -O ${#labels[@]} labels < <(common_labels)
	write_labels "$root" "${labels[@]}"
	smoke_ch_run "$root"
	install_image "$name" "$root" "$key"
}

# ---------------------------------------------------------------- main

staging=()
work=''
cleanup() {
	local d
	for d in "${staging[@]}"; do safe_rm "$d"; done
	[ -z "$work" ] || safe_rm "$work"
}

main() {
	parse_args "$@"
	check_host
	mkdir -p -- "$cache/layers" "$cache/work"
	# One build at a time per cache and per output directory (waits for the other build).
	exec {cache_lock}>"$cache/.parity-cache.lock"
	exec {out_lock}>"$out/.parity-images.lock"
	flock -n "$cache_lock" || { log "waiting for another build using $cache"; flock "$cache_lock"; }
	flock -n "$out_lock" || { log "waiting for another build writing $out"; flock "$out_lock"; }
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	work=$(mktemp -d "$cache/work/build.XXXXXX")
	touch -- "$work/.started"

	sources=$(apt_sources)
	if ! mirror=$(main_mirror "$sources"); then
		mirror=$FALLBACK_MIRROR
		sources="deb $mirror $SUITE main"
		log "warning: no $SUITE entry in the host's apt sources; using $mirror"
	fi

	local t0 name
	t0=$(now_s)
	mpi_layer=$(layer_pkgs mpi "${PKGS_MPI[@]}")
	src_sum=$(source_sum)
	script_sum=$(sha256sum -- "${BASH_SOURCE[0]}")
	script_sum=${script_sum%% *}
	kernel_key=$(hash_of kernels "$LAYER_VERSION" "$(pkgs_key "${PKGS_MPI[@]}")" "$src_sum")
	kernel_layer=$(layer_kernels "$mpi_layer" "$kernel_key")
	for name in "${only[@]}"; do
		case $name in
		parity-mpi) assemble_mpi mpi ;;
		parity-portable) assemble_mpi portable ;;
		parity-bare) assemble_bare ;;
		esac
	done
	log "done in $(( $(now_s) - t0 )) s"
}

main "$@"
