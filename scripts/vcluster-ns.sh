# shellcheck shell=bash
# vcluster-ns.sh: sourced by vcluster.sh. What runs inside one machine (the head or a node) of the
# cluster: the set-up of its namespaces (hostname, links, addresses, shaping, private mounts, its
# /etc) and the site MPI configuration. The functions run in a fresh bash in those namespaces
# (remote_script ships them with `declare -f`): they see vcluster.sh's readonly constants and
# their arguments, nothing else.

# The blocks this script adds to files of a machine's /etc, found again by these lines.
readonly SITE_BEGIN='# ---- vcluster.sh site configuration: begin ----'
readonly SITE_END='# ---- vcluster.sh site configuration: end ----'
readonly HOSTS_BEGIN='# ---- vcluster.sh cluster hosts: begin ----'
readonly HOSTS_END='# ---- vcluster.sh cluster hosts: end ----'

# host_octet NODE: the last octet of NODE's address on both networks (head .1, nodeN .10+N).
host_octet() {
	if [[ $1 == head ]]; then printf '1\n'; else printf '%d\n' $((10 + ${1#node})); fi
}

ns_fail() {
	printf 'vcluster.sh: error: %s: %s\n' "$(hostname)" "$1" >&2
	exit 1
}

# ns_shape DEV RATE: token-bucket shaping of DEV's egress, nothing for "none". The bucket holds
# 1 ms of traffic (at least 32 KiB), so a 1 Gbit port bursts no more than a real one.
ns_shape() {
	local dev=$1 rate=$2 bits burst
	[[ $rate == none ]] && return 0
	[[ $rate =~ ^([0-9]+)(k|m|g)bit$ ]] || ns_fail "bad rate '$rate'"
	case ${BASH_REMATCH[2]} in
	k) bits=$((BASH_REMATCH[1] * 1000)) ;;
	m) bits=$((BASH_REMATCH[1] * 1000000)) ;;
	g) bits=$((BASH_REMATCH[1] * 1000000000)) ;;
	esac
	burst=$((bits / 8 / 1000))
	((burst >= 32768)) || burst=32768
	tc qdisc replace dev "$dev" root tbf rate "$rate" burst "$burst" latency 10ms ||
		ns_fail "tc tbf on $dev failed"
}

# ns_base HOST: hostname, no IPv6 (Open MPI would take link-local addresses), loopback up.
ns_base() {
	local f
	hostname "$1"
	for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6; do
		[[ ! -e $f ]] || echo 1 >"$f"
	done
	ip link set lo up
}

# ns_drop_pins NS_DIR: this new mount namespace copied every namespace pin of its parent (ours
# and anybody's /run/netns): unmount the copies, or they would keep those namespaces alive.
ns_drop_pins() {
	local target
	while read -r target; do
		printf -v target '%b' "$target"
		umount -l "$target" 2>/dev/null || true
	done < <(findmnt -rn -t nsfs -o TARGET)
	umount -l "$1" 2>/dev/null || true
}

# ns_private_mounts HOST STATE [DIR...]: this machine's own /etc (an overlay on the host's, so
# its files can differ), /sys (showing its own network devices, with the host's cgroup tree),
# /tmp (with the shared DIRs under /tmp bound back at the same path) and /dev/shm.
ns_private_mounts() {
	local host=$1 state=$2 dir rel
	shift 2
	local stage=$state/mnt etc=$state/etc/$host
	mkdir -p "$etc/upper" "$etc/work"
	mount -t overlay overlay -o "lowerdir=/etc,upperdir=$etc/upper,workdir=$etc/work" /etc ||
		ns_fail "cannot mount a private /etc (overlayfs)"
	mount -t sysfs sysfs "$stage" || ns_fail "cannot mount a private sysfs"
	mount --rbind /sys/fs/cgroup "$stage/fs/cgroup"
	mount --move "$stage" /sys
	mount -t tmpfs -o mode=1777 tmpfs "$stage"
	for dir; do
		rel=${dir#/tmp/}
		mkdir -p "$stage/$rel"
		mount --rbind "$dir" "$stage/$rel"
	done
	mount --move "$stage" /tmp
	mount -t tmpfs -o mode=1777 tmpfs /dev/shm
}

# ns_hosts K: name every machine of the cluster in this machine's /etc/hosts (ethernet names, and
# NAME-fab for the fabric).
ns_hosts() {
	local node octet
	{
		printf '%s\n' "$HOSTS_BEGIN"
		while read -r node; do
			octet=$(host_octet "$node")
			printf '%s.%s\t%s\n%s.%s\t%s-fab\n' "$ETH_NET" "$octet" "$node" "$FAB_NET" "$octet" "$node"
		done < <(printf 'head\n'; seq -f 'node%g' 1 "$1")
		printf '%s\n' "$HOSTS_END"
	} >>/etc/hosts
}

# ns_site fabric|ethernet|off: the site's MPI configuration in this node's /etc, as an admin
# writes it: UCX (MPICH's transport) and Open MPI's TCP transports on one interface. Without it
# both MPIs spread their traffic over every interface they find. An image's own MPI reads the
# image's /etc and never sees this.
ns_site() {
	local conf=/etc/openmpi/openmpi-mca-params.conf body if
	case $1 in
	fabric) if=$FAB_IF ;;
	ethernet) if=$ETH_IF ;;
	*) if='' ;;
	esac
	mkdir -p /etc/ucx
	if [[ -n $if ]]; then
		printf '%s\nUCX_NET_DEVICES=%s\n%s\n' "$SITE_BEGIN" "$if" "$SITE_END" >/etc/ucx/ucx.conf
	else
		printf '# no site configuration (vcluster.sh site off)\n' >/etc/ucx/ucx.conf
	fi
	[[ -e $conf ]] || return 0
	body=$(sed "/^$SITE_BEGIN\$/,/^$SITE_END\$/d" "$conf")
	if [[ -n $if ]]; then
		printf '%s\n%s\nbtl_tcp_if_include = %s\noob_tcp_if_include = %s\n%s\n' \
			"$body" "$SITE_BEGIN" "$if" "$if" "$SITE_END" >"$conf"
	else
		printf '%s\n' "$body" >"$conf"
	fi
}

# ns_init_head STATE K [DIR...]: runs in the head's new namespaces: the two bridges, then the
# private mounts.
ns_init_head() {
	local state=$1 k=$2 fab_mtu=$3
	shift 3
	ns_base head
	ip link add br-eth mtu "$ETH_MTU" type bridge
	ip link add br-fab mtu "$fab_mtu" type bridge
	ip addr add "$ETH_NET.1/24" dev br-eth
	ip addr add "$FAB_NET.1/24" dev br-fab
	ip link set br-eth up
	ip link set br-fab up
	ns_drop_pins "$state/ns"
	ns_private_mounts head "$state" "$@"
	ns_hosts "$k"
}

# ns_init_node NODE STATE K ETH_RATE FAB_RATE FAB_MTU SITE [DIR...]: runs in a node's new
# namespaces: its two links (their peers go into the head), addresses, default route over the
# ethernet, shaping, then the private mounts and /etc.
ns_init_node() {
	local node=$1 state=$2 k=$3 eth_rate=$4 fab_rate=$5 fab_mtu=$6 site=$7 octet
	shift 7
	octet=$(host_octet "$node")
	ns_base "$node"
	ip link add "$ETH_IF" mtu "$ETH_MTU" type veth peer name "e-$node" mtu "$ETH_MTU" netns "$state/ns/head.net" ||
		ns_fail "cannot create a veth pair into the head"
	ip link add "$FAB_IF" mtu "$fab_mtu" type veth peer name "f-$node" mtu "$fab_mtu" netns "$state/ns/head.net"
	ip addr add "$ETH_NET.$octet/24" dev "$ETH_IF"
	ip addr add "$FAB_NET.$octet/24" dev "$FAB_IF"
	ip link set "$ETH_IF" up
	ip link set "$FAB_IF" up
	ip route add default via "$ETH_NET.1" dev "$ETH_IF"
	ns_shape "$ETH_IF" "$eth_rate"
	ns_shape "$FAB_IF" "$fab_rate"
	ns_drop_pins "$state/ns"
	ns_private_mounts "$node" "$state" "$@"
	ns_hosts "$k"
	ns_site "$site"
}

# ns_attach K ETH_RATE FAB_RATE: runs in the head: plug each node's links into the bridges and
# shape the head's side too (a switch port is shaped both ways).
ns_attach() {
	local i
	for ((i = 1; i <= $1; i++)); do
		ip link set "e-node$i" master br-eth up
		ip link set "f-node$i" master br-fab up
		ns_shape "e-node$i" "$2"
		ns_shape "f-node$i" "$3"
	done
}

# remote_script: a bash program that defines the functions of this file and runs "$@": run it in
# a machine's namespaces with `bash -c "$(remote_script)" NAME FUNCTION ARG...`.
remote_script() {
	declare -p ETH_NET FAB_NET ETH_IF FAB_IF ETH_MTU SITE_BEGIN SITE_END HOSTS_BEGIN HOSTS_END
	declare -f host_octet ns_fail ns_shape ns_base ns_drop_pins ns_private_mounts ns_hosts ns_site \
		ns_init_head ns_init_node ns_attach
	printf 'set -euo pipefail\n"$@"\n'
}
