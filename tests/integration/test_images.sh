#!/bin/bash
# shellcheck disable=SC2317,SC2016,SC2001 # functions run through check(); literal recipe text; indenting
# test_images.sh: the container test images built by `make images` (scripts/build-test-images.sh)
# are what they claim: labels present and true, parity-bare free of MPI with its bind target,
# 2-rank hybrid runs (MPICH and Open MPI) really inside parity-mpi, parity-portable limited to
# TCP by its own configuration; plus a static check of the Apptainer recipes and Containerfile.
# Images: $PARITY_IMAGE_DIR (default /var/tmp/parity/images).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
# shellcheck source=tests/lib.sh
. "$top_srcdir/tests/lib.sh"

IMAGES=${PARITY_IMAGE_DIR:-/var/tmp/parity/images}
RECIPES=$top_srcdir/scripts/images
RUN_TIMEOUT=120
export USER=${USER:-$(id -un)}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 PMIX_MCA_gds=hash
# The launcher's environment reaches the ranks: nothing here may choose a transport for them.
unset UCX_TLS UCX_NET_DEVICES UCX_CONFIG_DIR MPIR_CVAR_CH4_NETMOD
for v in $(compgen -e | grep -E '^OMPI_MCA_(btl|pml|mtl|osc)'); do unset "$v"; done

# ---------------------------------------------------------------- static: recipes

# matches TEXT REGEX / lacks TEXT REGEX: does some line of TEXT match the extended REGEX?
matches() { grep -q -E -- "$2" <<<"$1"; }
lacks() { ! grep -q -E -- "$2" <<<"$1"; }

# def_section FILE NAME: the body of every %NAME section of an Apptainer definition file.
def_section() {
	awk -v want="$2" '
		/^%[a-z]+/ { name = substr($1, 2); on = (name == want); next }
		/^Bootstrap:/ { on = 0 }
		on { print }' "$1"
}

# def_label_keys FILE: label names set by the recipe (%labels lines and $APPTAINER_LABELS appends).
def_label_keys() {
	{
		def_section "$1" labels | awk 'NF { print $1 }'
		grep -E '>> *"\$\{APPTAINER_LABELS' "$1" | sed -n 's/.*echo "\([^ ]*\) .*/\1/p'
	} | sort -u
}

# def_label FILE KEY: the static value of a %labels entry.
def_label() { def_section "$1" labels | awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }'; }

REQUIRED_KEYS="org.supercontainers.mpi.implementation org.supercontainers.mpi.version org.parity.mpi.abi org.parity.image.variant org.parity.transport"

check_def() {
	local def=$1 family=$2 impl=$3 variant=$4 f key keys section fam post
	f=$RECIPES/apptainer/$def
	[ -f "$f" ] || { fail "$def: missing"; return; }
	check "$def: starts with 'Bootstrap: debootstrap'" \
		test "$(grep -v -E '^[[:space:]]*(#|$)' "$f" | head -n1)" = "Bootstrap: debootstrap"
	check "$def: OSVersion bookworm" grep -q -E '^OSVersion:[[:space:]]+bookworm$' "$f"
	check "$def: MirrorURL deb.debian.org" grep -q -E '^MirrorURL:[[:space:]]+https?://deb\.debian\.org/debian/?$' "$f"
	for section in files post labels test help; do
		check "$def: has %$section" grep -q -E "^%$section( |$)" "$f"
	done
	check "$def: %files brings in the dist tarball" matches "$(def_section "$f" files)" '^ +parity-\*\.tar\.gz '
	post=$(def_section "$f" post)
	keys=$(def_label_keys "$f")
	for key in $REQUIRED_KEYS; do
		check "$def: sets label $key" grep -q -x -F "$key" <<<"$keys"
	done
	check "$def: implementation label is $impl" test "$(def_label "$f" org.supercontainers.mpi.implementation)" = "$impl"
	check "$def: variant label is $variant" test "$(def_label "$f" org.parity.image.variant)" = "$variant"
	check "$def: transport label is native" test "$(def_label "$f" org.parity.transport)" = native
	for fam in $family; do
		check "$def: %post configures with mpicc.$fam into /opt/parity/$fam" matches "$post" \
			"configure MPICC=mpicc\.($fam|\\\$family) --prefix=/opt/parity/($fam|\\\$family) --without-cmocka"
	done
	check "$def: %post runs make install" matches "$post" '^ +make install$'
}

check_def hybrid-mpich.def mpich mpich mpi
check_def hybrid-openmpi.def openmpi openmpi mpi
check_def bind-ready.def "mpich openmpi" none bare
bind_def=$RECIPES/apptainer/bind-ready.def
if [ -f "$bind_def" ]; then
	check "bind-ready.def: two stages, build then final" \
		test "$(sed -n 's/^Stage:[[:space:]]*//p' "$bind_def" | tr '\n' ' ')" = "build final "
	check "bind-ready.def: final stage copies the kernels from the build stage" \
		grep -q -E '^%files from build' "$bind_def"
	final=$(awk '/^Stage:[[:space:]]*final/ { on = 1 } on' "$bind_def")
	check "bind-ready.def: final stage installs packages" matches "$final" 'apt-get install'
	check "bind-ready.def: final stage installs no MPI" lacks "$final" 'apt-get install.*(mpich|openmpi|libmpi)'
	check "bind-ready.def: final stage creates /opt/parity/host" matches "$final" 'mkdir -p /opt/parity/host$'
fi
cf=$RECIPES/Containerfile
if [ -f "$cf" ]; then
	check "Containerfile: FROM debian:bookworm" grep -q -E '^FROM (docker\.io/library/)?debian:bookworm$' "$cf"
	for key in $REQUIRED_KEYS; do
		check "Containerfile: LABEL $key" grep -q -E "^(LABEL | +)$key=" "$cf"
	done
	check "Containerfile: builds both families" \
		grep -q 'configure MPICC=mpicc.$family --prefix=/opt/parity/$family --without-cmocka' "$cf"
else
	fail "scripts/images/Containerfile: missing"
fi

# ---------------------------------------------------------------- the built images

# Without the image tools only the static checks above can run: their failures still count.
for tool in ch-run debootstrap; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		[ "$T_FAILS" -eq 0 ] || finish
		skip "$tool not installed (the static recipe checks passed)"
	fi
done

missing=''
for name in parity-mpi parity-bare parity-portable; do
	[ -d "$IMAGES/$name" ] || missing+=" $IMAGES/$name"
done
[ -z "$missing" ] || die "images missing:$missing; run 'make images' (or scripts/build-test-images.sh --src parity-X.Y.Z.tar.gz)"

# labels_json IMG: the labels of /ch/metadata.json as sorted KEY=VALUE lines.
labels_json() {
	local f=$1/ch/metadata.json
	if command -v jq >/dev/null 2>&1; then
		jq -r '.labels | to_entries[] | "\(.key)=\(.value)"' "$f" | LC_ALL=C sort
	else
		# Without jq: the one-label-per-line layout that Charliecloud's ch-image also writes.
		sed -n '/"labels": {/,/}/p' "$f" | sed -n 's/^ *"\([^"]*\)": "\(.*\)",\{0,1\}$/\1=\2/p' | LC_ALL=C sort
	fi
}

# json_labels_ok FILE: FILE is JSON whose "labels" is an object (needs jq).
json_labels_ok() { jq -e '.labels | type == "object"' "$1" >/dev/null 2>&1; }

# label IMG KEY: one label from /etc/parity/labels.
label() { sed -n "s/^$2=//p" "$1/etc/parity/labels"; }

# in_image IMG CMD...: run CMD in the image (ch-run, no launcher).
in_image() { timeout "$RUN_TIMEOUT" ch-run "$1" -- "${@:2}"; }

# pkg_upstream IMG PKG: upstream version of an installed package, read inside the image.
pkg_upstream() {
	local v
	# shellcheck disable=SC2016 # a dpkg-query format
	v=$(in_image "$1" dpkg-query -W -f '${Version}' "$2") || return 1
	v=${v#*:}
	v=${v%-*}
	printf '%s\n' "${v%%[+~]*}"
}

# has_lib IMG NAME: the image holds a file called NAME.
has_lib() { [ -n "$(find "$1" -xdev -name "$2" -print -quit)" ]; }

check_labels() {
	local img=$IMAGES/$1 variant=$2 transport=$3 key abi mpich_v openmpi_v
	if [ ! -s "$img/ch/metadata.json" ] || [ ! -s "$img/etc/parity/labels" ]; then
		fail "$1: /ch/metadata.json or /etc/parity/labels missing"
		return
	fi
	if command -v jq >/dev/null 2>&1; then
		check "$1: /ch/metadata.json is JSON with a labels object" json_labels_ok "$img/ch/metadata.json"
	fi
	check "$1: /ch/metadata.json and /etc/parity/labels agree" \
		diff <(labels_json "$img") <(LC_ALL=C sort "$img/etc/parity/labels")
	for key in $REQUIRED_KEYS; do
		check "$1: label $key present" test -n "$(label "$img" "$key")"
	done
	check "$1: variant label is $variant" test "$(label "$img" org.parity.image.variant)" = "$variant"
	check "$1: transport label is $transport" test "$(label "$img" org.parity.transport)" = "$transport"
	abi=$(label "$img" org.parity.mpi.abi)
	check "$1: ABI label '$abi' has the form mpich:N,openmpi:M" matches "$abi" '^mpich:[0-9]+,openmpi:[0-9]+$'
	if [ "$variant" = bare ]; then
		check "$1: implementation label is none" test "$(label "$img" org.supercontainers.mpi.implementation)" = none
		check "$1: ABI label matches parity-mpi's" \
			test "$abi" = "$(label "$IMAGES/parity-mpi" org.parity.mpi.abi)"
		return
	fi
	check "$1: implementation label is mpich,openmpi" \
		test "$(label "$img" org.supercontainers.mpi.implementation)" = mpich,openmpi
	mpich_v=$(pkg_upstream "$img" mpich)
	openmpi_v=$(pkg_upstream "$img" openmpi-bin)
	check "$1: version label matches the installed packages (mpich=$mpich_v,openmpi=$openmpi_v)" \
		test "$(label "$img" org.supercontainers.mpi.version)" = "mpich=$mpich_v,openmpi=$openmpi_v"
	local m=${abi#mpich:} o=${abi##*openmpi:}
	m=${m%%,*}
	check "$1: the image holds libmpich.so.$m (the ABI label)" has_lib "$img" "libmpich.so.$m"
	check "$1: the image holds libmpi.so.$o (the ABI label)" has_lib "$img" "libmpi.so.$o"
}

check_labels parity-mpi mpi native
check_labels parity-portable portable tcp
check_labels parity-bare bare native

# ---------------------------------------------------------------- parity-bare: the bind model

bare=$IMAGES/parity-bare
for glob in 'libmpi.so*' 'libmpich*' 'libmpi_*' 'libopen-rte.so*' 'libopen-pal.so*'; do
	found=$(find "$bare" -xdev -name "$glob" -print -quit)
	check "parity-bare: no MPI library matching $glob${found:+ (found ${found#"$bare"})}" test -z "$found"
done
check "parity-bare: /opt/parity/host is a directory" test -d "$bare/opt/parity/host"
check "parity-bare: /opt/parity/host is empty" test -z "$(ls -A "$bare/opt/parity/host" 2>/dev/null)"
for family in mpich openmpi; do
	bin=opt/parity/$family/bin/parity-bench
	check "parity-bare: /$bin is parity-mpi's kernel" cmp -s "$bare/$bin" "$IMAGES/parity-mpi/$bin"
	missing=$(in_image "$bare" ldd "/$bin" | awk '/not found/ { print $1 }' | tr '\n' ' ')
	check "parity-bare: /$bin lacks only MPI libraries (missing: ${missing:-none})" \
		lacks "$(tr ' ' '\n' <<<"$missing" | sed '/^$/d')" '^(lib[^m]|libm[^p]|libmp[^i])'
	check "parity-bare: /$bin lacks its MPI library" matches "$missing" 'libmpi(ch)?\.so\.'
done
mkdir -p "$T_TMP/host" && echo staged >"$T_TMP/host/marker"
check "parity-bare: ch-run binds a host directory at /opt/parity/host" \
	test "$(timeout "$RUN_TIMEOUT" ch-run -b "$T_TMP/host:/opt/parity/host" "$bare" -- cat /opt/parity/host/marker)" = staged

# ---------------------------------------------------------------- hybrid runs (2 ranks)

cat >"$T_TMP/hello.c" <<'EOF'
#include <mpi.h>
#include <stdio.h>
#include <unistd.h>
/* Prints rank, size, whether it runs inside a parity image, and the MPI library. */
int main(int argc, char **argv)
{
	char lib[MPI_MAX_LIBRARY_VERSION_STRING];
	int rank, size, len, i;
	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	MPI_Get_library_version(lib, &len);
	for (i = 0; lib[i]; i++)
		if (lib[i] == '\n' || lib[i] == ',')
			lib[i] = '\0';
	printf("rank %d size %d image %s lib %s\n", rank, size,
	       access("/etc/parity/labels", R_OK) == 0 ? "yes" : "no", lib);
	MPI_Finalize();
	return 0;
}
EOF
mpi=$IMAGES/parity-mpi
check "parity-mpi: mpicc.mpich builds an MPI program in the image" \
	timeout "$RUN_TIMEOUT" ch-run -b "$T_TMP:/mnt" "$mpi" -- mpicc.mpich -o /mnt/hello-mpich /mnt/hello.c
check "parity-mpi: mpicc.openmpi builds an MPI program in the image" \
	timeout "$RUN_TIMEOUT" ch-run -b "$T_TMP:/mnt" "$mpi" -- mpicc.openmpi -o /mnt/hello-openmpi /mnt/hello.c

# launch FAMILY IMG PROGRAM [ARG...]: 2 ranks, one container per rank, host launcher of FAMILY.
launch() {
	local family=$1 img=$2; shift 2
	case $family in
	mpich) timeout "$RUN_TIMEOUT" mpiexec.mpich -n 2 ch-run --join-ct=2 -b "$T_TMP:/mnt" "$img" -- "$@" ;;
	openmpi) timeout "$RUN_TIMEOUT" mpirun.openmpi --oversubscribe -n 2 ch-run --join -b "$T_TMP:/mnt" "$img" -- "$@" ;;
	esac
}

# hello_ok OUTPUT PATTERN: two ranks (0 and 1) of size 2, in the image, with the right MPI.
hello_ok() {
	[ "$(grep -c -E "^rank [01] size 2 image yes lib $2" <<<"$1")" -eq 2 ] &&
		grep -q '^rank 0 ' <<<"$1" && grep -q '^rank 1 ' <<<"$1"
}

declare -A launcher=([mpich]=mpiexec.mpich [openmpi]=mpirun.openmpi)
declare -A libpat=([mpich]='MPICH Version:' [openmpi]='Open MPI v')
for family in mpich openmpi; do
	if ! command -v "${launcher[$family]}" >/dev/null 2>&1; then
		fail "${launcher[$family]} not found on the host: cannot run the hybrid $family check"
		continue
	fi
	for name in parity-mpi parity-portable; do
		out=$(launch "$family" "$IMAGES/$name" "/mnt/hello-$family" 2>&1)
		if hello_ok "$out" "${libpat[$family]}"; then
			pass "$name: hybrid $family run reports size 2 from both ranks inside the image"
		else
			fail "$name: hybrid $family run did not report size 2 from ranks 0 and 1 inside the image:"
			sed 's/^/    | /' <<<"$out"
		fi
	done
	rc=0
	out=$(launch "$family" "$mpi" "/opt/parity/$family/bin/parity-bench" latency -m 8:8 -i 10 -x 2 2>&1) || rc=$?
	if [ "$rc" -eq 0 ]; then
		pass "parity-mpi: hybrid $family parity-bench latency (2 ranks) exits 0"
	else
		fail "parity-mpi: hybrid $family parity-bench latency (2 ranks) exited $rc:"
		sed 's/^/    | /' <<<"$out"
	fi
done

# ---------------------------------------------------------------- parity-portable: TCP only

portable=$IMAGES/parity-portable
ompi=$(in_image "$portable" ompi_info --parsable --all 2>/dev/null)
check "parity-portable: Open MPI btl = tcp,self" matches "$ompi" '^mca:btl:base:param:btl:value:tcp,self$'
check "parity-portable: ... set by the image's MCA file" \
	matches "$ompi" '^mca:btl:base:param:btl:source:file \(/etc/openmpi/openmpi-mca-params\.conf'
check "parity-portable: Open MPI pml = ob1" matches "$ompi" '^mca:pml:base:param:pml:value:ob1$'
ompi=$(in_image "$mpi" ompi_info --parsable --all 2>/dev/null)
check "parity-mpi: Open MPI is not limited to TCP (the check above can tell)" \
	lacks "$ompi" '^mca:btl:base:param:btl:value:tcp,self$'

ucx=$(in_image "$portable" ucx_info -c 2>/dev/null)
check "parity-portable: the image has /etc/ucx/ucx.conf" test -s "$portable/etc/ucx/ucx.conf"
check "parity-portable: UCX reads UCX_TLS=tcp,self (from that file)" matches "$ucx" '^UCX_TLS=tcp,self$'
check "parity-mpi: UCX keeps all transports (UCX_TLS=all)" \
	matches "$(in_image "$mpi" ucx_info -c 2>/dev/null)" '^UCX_TLS=all$'
# What UCX really selects for an endpoint: TCP lanes, no shared-memory or CMA lane.
lanes=$(in_image "$portable" ucx_info -e -u t 2>/dev/null | grep -E '^# +lane\[')
check "parity-portable: UCX endpoint lanes include tcp" matches "$lanes" ' [0-9]+:tcp/'
check "parity-portable: UCX endpoint lanes include no shared memory or CMA" \
	lacks "$lanes" ' [0-9]+:(posix|sysv|cma|knem|xpmem)/'

finish
