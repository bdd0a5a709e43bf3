#!/bin/bash
# vcluster.sh: a small real cluster on one machine: a head (login node, slurmctld, munged) and K
# compute nodes, each a set of namespaces (network, hostname, mounts, IPC) pinned to files, with its
# own slurmd, its own CPUs, private /tmp, /dev/shm, /etc and /sys, and two networks: a shaped
# ethernet and an unshaped fabric. Root only. See scripts/README-vcluster.md.
set -euo pipefail

readonly PROG=${0##*/}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The tree every node must see (it is shared into them when it lies under /tmp): the source
# tree when this runs from its scripts/, the installation prefix when installed in
# PREFIX/libexec/parity (make install), else this script's own directory.
case $HERE in
*?/scripts) TOP=${HERE%/scripts} ;;
*?/libexec/parity) TOP=${HERE%/libexec/parity} ;;
*) TOP=$HERE ;;
esac
readonly HERE TOP
readonly MARKER=.parity-vcluster
# Both networks live only inside namespaces this script creates, so every instance can use the
# same private subnets without clashing with the host or with each other.
readonly ETH_NET=10.250.0 FAB_NET=10.251.0
readonly ETH_IF=eth0 FAB_IF=fab0
readonly ETH_MTU=1500
readonly MAX_NODES=64
readonly POLL_S=0.1
readonly NS_TYPES=(net uts mnt ipc)
# Its helpers are next to it, in the source tree and installed alike.
# shellcheck source=scripts/vcluster-ns.sh
. "$HERE/vcluster-ns.sh"

usage() {
	cat <<EOF
Usage: $PROG [OPTIONS] up K
       $PROG [OPTIONS] down [--purge]
       $PROG [OPTIONS] exec NODE [--] [COMMAND [ARG...]]
       $PROG [OPTIONS] status
       $PROG [OPTIONS] site [fabric|ethernet|off]

A cluster of K nodes (node1..nodeK) and a head on this machine, each node a set of namespaces
with its own hostname, slurmd, CPUs (a cpuset cgroup), private /tmp, /dev/shm, /etc and /sys.
Networks: the ethernet ($ETH_IF, $ETH_NET.0/24, shaped, MTU $ETH_MTU, default route) and the
fabric ($FAB_IF, $FAB_NET.0/24, unshaped), each a bridge in the head.

Commands:
  up K          bring up K nodes (1-$MAX_NODES) and Slurm; print how to use them
  down          stop everything and remove every namespace, mount and cgroup; keeps the state
                directory (logs) unless --purge
  exec NODE     run COMMAND (default: \$SHELL) in NODE (head, node1, ...) with SLURM_CONF set,
                in the current directory; NODE's CPUs apply. E.g.:
                  $PROG exec head -- srun -N2 hostname
  status        up or down, nodes and their Slurm state, addresses, CPUs; exit 0 only if up
  site [MODE]   show or set the site MPI configuration in the nodes' /etc, which the host's
                MPICH (UCX) and Open MPI read and an image's own MPI does not: fabric (at up:
                both use only $FAB_IF), ethernet (only $ETH_IF) or off (the MPIs' defaults:
                they spread large messages over both networks)

Options:
  -n, --name NAME       instance name (default: default); state in /var/tmp/parity-vcluster-NAME
  -s, --state DIR       state directory (default: \$VCLUSTER_STATE, else from --name)
      --eth-rate RATE   with up: ethernet rate per port and direction, Nkbit|Nmbit|Ngbit or
                        none (default: 1gbit)
      --fabric-rate R   with up: fabric rate, same form (default: none, unshaped)
      --fabric-mtu N    with up: fabric MTU (default: 9000)
      --shared DIR      with up: a directory under /tmp every node sees at the same path, as
                        the working tree $TOP always is (repeatable)
      --site MODE       with up: the site MPI configuration to start with (default: fabric)
  -t, --timeout SECONDS how long up waits for the nodes, and any command for the instance's
                        lock (default: 30)
      --purge           with down: remove the state directory too
  -h, --help            show this help

Exit status: 0 ok, 1 failure (or, for status, not up), 2 usage error; exec returns COMMAND's.
EOF
}

die_usage() {
	printf '%s: %s (try --help)\n' "$PROG" "$1" >&2
	exit 2
}

die() {
	printf '%s: error: %s\n' "$PROG" "$1" >&2
	exit 1
}

note() {
	printf '%s: %s\n' "$PROG" "$1" >&2
}

# now_us: wall-clock time in microseconds.
now_us() {
	printf '%s\n' "${EPOCHREALTIME/[.,]/}"
}

# ---- one instance: paths, recorded facts -------------------------------------------------------

set_paths() {
	STATE=$1
	NS_DIR=$STATE/ns
	RUN_DIR=$STATE/run
	LOG_DIR=$STATE/log
	CONF=$STATE/slurm.conf
	ENV_FILE=$STATE/env
	INFO=$STATE/cluster.info
	MUNGE_DIR=$STATE/munge
	MUNGE_SOCKET=$MUNGE_DIR/munge.socket
}

# resolve_state: the state directory from --state, $VCLUSTER_STATE or --name, made absolute.
resolve_state() {
	local dir=${OPT_STATE:-${VCLUSTER_STATE:-/var/tmp/parity-vcluster-$OPT_NAME}}
	dir=$(realpath -m -- "$dir")
	# slurm.conf has no quoting and overlayfs options split on commas and colons.
	[[ $dir =~ ^/[A-Za-z0-9_./+-]+$ ]] || die_usage "state directory '$dir' holds characters slurm.conf cannot take"
	# Every node must see it, and /tmp and /dev/shm are private to each node.
	case $dir/ in
	/tmp/* | /dev/shm/*) die_usage "state directory '$dir' is under /tmp or /dev/shm, which every node has its own of" ;;
	esac
	printf '%s\n' "$dir"
}

# nodes_of K: head node1 .. nodeK.
nodes_of() {
	local i
	printf 'head\n'
	for ((i = 1; i <= $1; i++)); do printf 'node%d\n' "$i"; done
}

info_write() {
	local node
	{
		printf 'NODES=%s\nCG_KIND=%s\nCG_DIR=%s\nETH_RATE=%s\nFAB_RATE=%s\nFAB_MTU=%s\nSITE=%s\n' \
			"$NODES" "$CG_KIND" "$CG_DIR" "$ETH_RATE" "$FAB_RATE" "$FAB_MTU" "$SITE"
		for node in "${!NODE_CPUS[@]}"; do printf 'CPUS_%s=%s\n' "$node" "${NODE_CPUS[$node]}"; done
		printf 'SHARED=%s\n' "${SHARED[@]}"
	} >"$INFO.tmp"
	mv -f "$INFO.tmp" "$INFO"
}

# info_read: load what `up` recorded; 1 if there is no record.
info_read() {
	local key value
	[[ -r $INFO ]] || return 1
	NODES=0 CG_KIND='' CG_DIR='' SITE=off SHARED=()
	declare -gA NODE_CPUS=()
	while IFS='=' read -r key value; do
		case $key in
		NODES | CG_KIND | CG_DIR | ETH_RATE | FAB_RATE | FAB_MTU | SITE) printf -v "$key" '%s' "$value" ;;
		CPUS_*) NODE_CPUS[${key#CPUS_}]=$value ;;
		SHARED) SHARED+=("$value") ;;
		esac
	done <"$INFO"
	[[ $NODES =~ ^[0-9]+$ ]]
}

# pin_live FILE: FILE is a namespace pinned by a bind mount (not the empty file under it).
pin_live() {
	[[ $(stat -f -c %T -- "$1" 2>/dev/null) == nsfs ]]
}

# ns_args NODE: set NS_ARGS to nsenter's options for all of NODE's namespaces.
ns_args() {
	NS_ARGS=(--net="$NS_DIR/$1.net" --uts="$NS_DIR/$1.uts" --mount="$NS_DIR/$1.mnt" --ipc="$NS_DIR/$1.ipc")
}

# is_up: the instance's head namespaces are pinned.
is_up() {
	[[ -e $STATE/$MARKER ]] && pin_live "$NS_DIR/head.net"
}

# any_pin_live: some namespace of the instance is still pinned (up, or an up that died half-way).
any_pin_live() {
	local pin
	for pin in "$NS_DIR"/*; do
		if pin_live "$pin"; then return 0; fi
	done
	return 1
}

# ---- cpuset cgroups ----------------------------------------------------------------------------

# cg_detect: set CG_KIND (v2 or v1) and CG_ROOT, the mount point of a hierarchy with cpuset.
cg_detect() {
	local target opts
	while read -r target; do
		printf -v target '%b' "$target"
		if grep -qw cpuset "$target/cgroup.controllers" 2>/dev/null; then
			CG_KIND=v2 CG_ROOT=$target
			return 0
		fi
	done < <(findmnt -rn -t cgroup2 -o TARGET)
	while read -r target opts; do
		printf -v target '%b' "$target"
		if [[ ,$opts, == *,cpuset,* ]]; then
			CG_KIND=v1 CG_ROOT=$target
			return 0
		fi
	done < <(findmnt -rn -t cgroup -o TARGET,OPTIONS)
	return 1
}

# cg_name: the instance's cgroup name, unique per state directory.
cg_name() {
	local sum
	sum=$(printf '%s' "$STATE" | cksum)
	printf 'parity-vcluster.%s.%s\n' "${STATE##*/}" "${sum%% *}"
}

cg_cpus_file() { if [[ $CG_KIND == v2 ]]; then echo cpuset.cpus.effective; else echo cpuset.effective_cpus; fi; }

# cpus_expand LIST: "0-2,5" -> "0 1 2 5".
cpus_expand() {
	local part i out=()
	local -a parts
	IFS=, read -r -a parts <<<"$1"
	for part in "${parts[@]}"; do
		if [[ $part =~ ^([0-9]+)-([0-9]+)$ ]]; then
			for ((i = BASH_REMATCH[1]; i <= BASH_REMATCH[2]; i++)); do out+=("$i"); done
		elif [[ $part =~ ^[0-9]+$ ]]; then
			out+=("$part")
		fi
	done
	printf '%s\n' "${out[*]}"
}

# plan_cpus: fill NODE_CPUS: K <= CPUs gives each node its own equal block (leftovers stay
# free); K > CPUs gives node i CPU (i-1) mod CPUs, so nodes share CPUs round robin.
plan_cpus() {
	local -a cpus
	local n i b first
	read -r -a cpus <<<"$(cpus_expand "$(cat "$CG_ROOT/$(cg_cpus_file)")")"
	n=${#cpus[@]}
	((n > 0)) || die "no CPU listed in $CG_ROOT/$(cg_cpus_file)"
	declare -gA NODE_CPUS=()
	if ((NODES <= n)); then
		b=$((n / NODES))
		for ((i = 1; i <= NODES; i++)); do
			first=$(((i - 1) * b))
			NODE_CPUS[node$i]=$(IFS=,; echo "${cpus[*]:first:b}")
		done
	else
		for ((i = 1; i <= NODES; i++)); do NODE_CPUS[node$i]=${cpus[(i - 1) % n]}; done
		note "$NODES nodes on $n CPUs: nodes share CPUs round robin (node$((n + 1)) shares with node1)"
	fi
}

# cg_create: the instance's cgroup and one child per node with the node's CPUs.
cg_create() {
	local node
	mkdir "$CG_DIR"
	if [[ $CG_KIND == v1 ]]; then
		cat "$CG_ROOT/cpuset.cpus" >"$CG_DIR/cpuset.cpus"
		cat "$CG_ROOT/cpuset.mems" >"$CG_DIR/cpuset.mems"
	else
		# The root cgroup may have cpuset available but not handed down yet.
		grep -qw cpuset "$CG_ROOT/cgroup.subtree_control" || echo +cpuset >"$CG_ROOT/cgroup.subtree_control"
		echo +cpuset >"$CG_DIR/cgroup.subtree_control"
	fi
	for node in "${!NODE_CPUS[@]}"; do
		mkdir "$CG_DIR/$node"
		[[ $CG_KIND == v2 ]] || cat "$CG_DIR/cpuset.mems" >"$CG_DIR/$node/cpuset.mems"
		echo "${NODE_CPUS[$node]}" >"$CG_DIR/$node/cpuset.cpus"
	done
}

# cg_attach NODE PID: move PID (and so everything it starts) to NODE's CPUs; the head has none.
cg_attach() {
	[[ $1 == head ]] && return 0
	echo "$2" >"$CG_DIR/$1/cgroup.procs"
}

# cg_remove: remove the instance's cgroups (empty once their processes are gone); 1 if one stays.
cg_remove() {
	local dir deadline=$((SECONDS + 5))
	[[ -n $CG_DIR && -d $CG_DIR ]] || return 0
	while :; do
		for dir in "$CG_DIR"/*/; do
			if [[ -e $dir/cgroup.procs ]]; then rmdir "$dir" 2>/dev/null || true; fi
		done
		rmdir "$CG_DIR" 2>/dev/null && return 0
		((SECONDS < deadline)) || return 1
		sleep "$POLL_S"
	done
}

# ---- processes ------------------------------------------------------------------------------------

# instance_pids: every process in one of the instance's network or mount namespaces or cgroups,
# except this script and its ancestors.
instance_pids() {
	local pid pin ancestors=" " stat
	local -a pins=()
	pid=$$
	while [[ $pid =~ ^[1-9][0-9]*$ && $pid != 1 ]]; do
		ancestors+="$pid "
		stat=$(cat "/proc/$pid/stat" 2>/dev/null) || break
		read -r -a stat <<<"${stat##*) }"
		pid=${stat[1]}
	done
	for pin in "$NS_DIR"/*.net "$NS_DIR"/*.mnt; do
		if pin_live "$pin"; then pins+=("$pin"); fi
	done
	{
		for pid in /proc/[1-9]*; do
			for pin in "${pins[@]}"; do
				if [[ $pid/ns/${pin##*.} -ef $pin ]]; then
					printf '%s\n' "${pid#/proc/}"
					break
				fi
			done
		done
		if [[ -n ${CG_DIR-} && -d $CG_DIR ]]; then cat "$CG_DIR"/*/cgroup.procs 2>/dev/null || true; fi
	} | sort -un | while read -r pid; do
		[[ $ancestors == *" $pid "* ]] || printf '%s\n' "$pid"
	done
}

# kill_instance: SIGTERM everything of the instance, SIGKILL what is left after 1 s; 1 if
# something survives.
kill_instance() {
	local sig pids deadline grace_s
	for sig in TERM KILL; do
		pids=$(instance_pids)
		[[ -z $pids ]] && return 0
		# shellcheck disable=SC2086 # one pid per word
		kill -s "$sig" $pids 2>/dev/null || true
		if [[ $sig == TERM ]]; then grace_s=1; else grace_s=5; fi
		deadline=$(($(now_us) + grace_s * 1000000))
		while [[ -n $(instance_pids) ]] && (($(now_us) < deadline)); do
			sleep 0.05
		done
	done
	[[ -z $(instance_pids) ]]
}

# live_pid NAME: the pid in RUN_DIR/NAME.pid if that process is alive and runs for this STATE.
live_pid() {
	local pid cmdline
	read -r pid 2>/dev/null <"$RUN_DIR/$1.pid" || return 1
	[[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
	cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
	[[ $cmdline == *"$STATE/"* ]] || return 1
	printf '%s\n' "$pid"
}

# in_node NODE CMD...: run CMD in NODE's namespaces and cgroup, with SLURM_CONF, from /.
in_node() {
	local node=$1
	shift
	ns_args "$node"
	(
		cg_attach "$node" "$BASHPID"
		SLURM_CONF=$CONF exec nsenter "${NS_ARGS[@]}" -- "$@"
	)
}

# start_daemon NODE DAEMON ARG...: start DAEMON (which forks itself) in NODE, by the path that
# preflight_up found, its output in LOG_DIR/DAEMON[.NODE].out.
start_daemon() {
	local node=$1 daemon=$2 log=$2
	shift 2
	[[ $node == head ]] || log=$daemon.$node
	in_node "$node" "${DAEMON_PATH[$daemon]}" "$@" </dev/null >>"$LOG_DIR/$log.out" 2>&1 {LOCK_FD}>&- ||
		fail_up "$daemon did not start on $node" "$LOG_DIR/$log.out" "$LOG_DIR/$log.log"
}

# show_log_tails [LOG...]: the last lines of the LOGs (default: every log) on stderr.
show_log_tails() {
	local log
	(($#)) || set -- "$LOG_DIR"/*.log "$LOG_DIR"/*.out
	for log; do
		[[ -s $log ]] || continue
		printf '%s: ---- last lines of %s ----\n' "$PROG" "$log" >&2
		tail -n 10 "$log" >&2
	done
}

# ---- teardown -------------------------------------------------------------------------------------

# teardown: kill the instance's processes, unpin its namespaces (the kernel then frees them with
# their links, bridges and mounts), remove its cgroups; 1 with a message if anything remains.
teardown() {
	local pin rc=0
	info_read || true
	# Without a record (up died early), the cgroup can only have its derived name.
	if [[ -z ${CG_DIR-} ]]; then
		CG_DIR=''
		if cg_detect; then CG_DIR=$CG_ROOT/$(cg_name); fi
	fi
	kill_instance || { note "processes of $STATE survived SIGKILL: $(instance_pids | tr '\n' ' ')"; rc=1; }
	for pin in "$NS_DIR"/*; do
		[[ -e $pin ]] || continue
		if pin_live "$pin"; then umount "$pin" 2>/dev/null || umount -l "$pin" || rc=1; fi
	done
	while mountpoint -q "$NS_DIR" 2>/dev/null; do umount "$NS_DIR" || { rc=1; break; }; done
	cg_remove || { note "cgroup $CG_DIR could not be removed"; rc=1; }
	rm -f "$ENV_FILE" "$RUN_DIR"/*.pid "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
	return "$rc"
}

# ---- up ---------------------------------------------------------------------------------------------

# fail_up MESSAGE [LOG...]: report a failed bring-up with the tails of LOGs (default: all) and
# exit; on_up_exit then removes what was started.
fail_up() {
	printf '%s: error: %s\n' "$PROG" "$1" >&2
	shift
	show_log_tails "$@"
	exit 1
}

# on_up_exit: a failed or interrupted `up` leaves nothing running.
on_up_exit() {
	local rc=$?
	((UP_DONE)) && return 0
	trap - EXIT
	if teardown >/dev/null 2>&1; then
		note "bring-up failed: removed what it had started (logs in $LOG_DIR)"
	else
		note "bring-up failed and cleanup was incomplete: run \`$SELF_CMD down\`"
	fi
	exit $((rc ? rc : 1))
}

preflight_up() {
	local tool
	declare -gA DAEMON_PATH=()
	for tool in unshare nsenter ip tc mount umount findmnt mountpoint hostname flock \
		slurmd slurmctld munged mungekey sinfo scontrol; do
		command -v "$tool" >/dev/null || die "'$tool' not found in PATH"
	done
	# The nodes have their own /tmp: start the daemons that were checked, by absolute path.
	for tool in slurmd slurmctld munged; do DAEMON_PATH[$tool]=$(command -v "$tool"); done
	cg_detect || die "no cpuset cgroup controller (cgroup v2 with cpuset, or a v1 cpuset hierarchy)"
}

# lock_state: hold the state directory's lock until exit; serialises up and down of an instance.
lock_state() {
	exec {LOCK_FD}<"$STATE"
	flock -w "$TIMEOUT_S" "$LOCK_FD" || die "another up or down of $STATE held it for ${TIMEOUT_S}s"
}

# prepare_state: create or reuse STATE (only one made by this script), refuse a running one.
prepare_state() {
	if [[ -L $STATE ]] || [[ -e $STATE && $(stat -c %u -- "$STATE") != 0 ]]; then
		die "$STATE is a symbolic link or not owned by root: refusing to use it"
	fi
	if [[ -e $STATE && ! -e $STATE/$MARKER && -n $(ls -A -- "$STATE" 2>/dev/null) ]]; then
		die "$STATE is not empty and was not made by $PROG: refusing to use it"
	fi
	mkdir -p -- "$STATE"
	lock_state
	# Pins or a cgroup left by a crashed instance count as up too: down cleans them.
	if any_pin_live || (info_read && [[ -d $CG_DIR ]]); then
		die "a cluster is already up in $STATE: \`$SELF_CMD down\` first, or use --name for a second one"
	fi
	# Each up is a fresh cluster: no jobs, node state or /etc edits come back.
	rm -rf -- "${STATE:?}"/{ns,run,log,munge,slurm,etc,mnt} "$INFO" "$ENV_FILE" "$CONF"
	chmod 0755 "$STATE"
	: >"$STATE/$MARKER"
	mkdir -p "$NS_DIR" "$RUN_DIR" "$LOG_DIR" "$MUNGE_DIR" "$STATE/slurm/state" "$STATE/slurm/spool" \
		"$STATE/etc" "$STATE/mnt"
	chmod 0711 "$MUNGE_DIR"
}

write_slurm_conf() {
	local node mem cpus n
	mem=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
	mem=$((mem / NODES))
	{
		cat <<EOF
# Generated by $PROG: a virtual cluster whose whole state lives in $STATE.
ClusterName=vcluster
SlurmctldHost=head($ETH_NET.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$STATE/slurm/state
SlurmdSpoolDir=$STATE/slurm/spool/%n
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.%n.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.%n.log
SlurmctldDebug=info
SlurmdDebug=info
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
# Every node sees all the machine's CPUs in /proc and hwloc: Slurm's binding would put every
# node's first rank on the same core. The nodes' cpusets separate them instead.
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerParameters=batch_sched_delay=0,sched_min_interval=2
MpiDefault=none
ReturnToService=2
KillWait=5
EOF
		for ((n = 1; n <= NODES; n++)); do
			node=node$n
			cpus=$(cpus_expand "${NODE_CPUS[$node]}" | wc -w)
			printf 'NodeName=%s NodeHostname=%s NodeAddr=%s.%s CPUs=%s Boards=1 SocketsPerBoard=1 CoresPerSocket=%s ThreadsPerCore=1 RealMemory=%s\n' \
				"$node" "$node" "$ETH_NET" "$(host_octet "$node")" "$cpus" "$cpus" "$mem"
		done
		printf 'PartitionName=debug Nodes=node[1-%s] Default=YES MaxTime=INFINITE State=UP\n' "$NODES"
	} >"$CONF"
}

# wait_idle: until every node is idle in sinfo; fails when a daemon died or time ran out.
wait_idle() {
	local deadline=$((SECONDS + TIMEOUT_S)) states n
	while :; do
		states=$(in_node head sinfo -h -N -o '%t' 2>/dev/null) || states=
		n=$(grep -cx idle <<<"$states") || true
		((n == NODES)) && return 0
		live_pid slurmctld >/dev/null || fail_up "slurmctld exited"
		((SECONDS < deadline)) || fail_up "not all nodes idle after ${TIMEOUT_S}s: $(tr '\n' ' ' <<<"$states")"
		sleep "$POLL_S"
	done
}

print_how_to() {
	local node n t=$1
	printf 'vcluster up in %s s: head + %s nodes, state in %s\n' "$t" "$NODES" "$STATE"
	for ((n = 1; n <= NODES; n++)); do
		node=node$n
		printf '  %-6s ethernet %s.%s  fabric %s.%s  CPUs %s\n' "$node" "$ETH_NET" "$(host_octet "$node")" \
			"$FAB_NET" "$(host_octet "$node")" "${NODE_CPUS[$node]}"
	done
	printf '  ethernet %s: %s, MTU %s, default route; fabric %s: %s, MTU %s; site MPI configuration %s\n' \
		"$ETH_IF" "$ETH_RATE" "$ETH_MTU" "$FAB_IF" "$FAB_RATE" "$FAB_MTU" "$SITE"
	cat <<EOF
Use it:
  $SELF_CMD exec head -- srun -N$NODES hostname
  $SELF_CMD exec head -- srun -N$NODES --mpi=pmi2 ./mpich_program      # Open MPI: --mpi=pmix
  $SELF_CMD exec node1 -- ip -br addr
  $SELF_CMD status
  $SELF_CMD down
Environment of commands inside (exec sets it): $ENV_FILE
EOF
}

cmd_up() {
	local t0 node n dir
	local -a bind_dirs=()
	t0=$(now_us)
	preflight_up
	for dir in "${SHARED[@]}"; do
		if [[ $dir/ == /tmp/* ]]; then bind_dirs+=("$dir"); fi
	done
	prepare_state
	CG_DIR=$CG_ROOT/$(cg_name)
	plan_cpus
	UP_DONE=0
	trap on_up_exit EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	info_write

	# Pins need a mount that does not propagate, or each new mount namespace would contain its own.
	mount --bind "$NS_DIR" "$NS_DIR"
	mount --make-private "$NS_DIR"
	while read -r node; do
		for n in "${NS_TYPES[@]}"; do : >"$NS_DIR/$node.$n"; done
	done < <(nodes_of "$NODES")
	cg_create

	unshare --net="$NS_DIR/head.net" --uts="$NS_DIR/head.uts" --mount="$NS_DIR/head.mnt" \
		--ipc="$NS_DIR/head.ipc" --propagation private -- \
		bash -c "$(remote_script)" vcluster ns_init_head "$STATE" "$NODES" "$FAB_MTU" "${bind_dirs[@]}" ||
		fail_up "setting up the head failed"
	for ((n = 1; n <= NODES; n++)); do
		node=node$n
		(
			cg_attach "$node" "$BASHPID"
			exec unshare --net="$NS_DIR/$node.net" --uts="$NS_DIR/$node.uts" --mount="$NS_DIR/$node.mnt" \
				--ipc="$NS_DIR/$node.ipc" --propagation private -- \
				bash -c "$(remote_script)" vcluster ns_init_node "$node" "$STATE" "$NODES" \
				"$ETH_RATE" "$FAB_RATE" "$FAB_MTU" "$SITE" "${bind_dirs[@]}"
		) || fail_up "setting up $node failed"
	done
	in_node head bash -c "$(remote_script)" vcluster ns_attach "$NODES" "$ETH_RATE" "$FAB_RATE" ||
		fail_up "plugging the nodes into the head's bridges failed"

	mungekey --create --keyfile="$MUNGE_DIR/munge.key" 2>>"$LOG_DIR/munged.log" ||
		fail_up "mungekey could not create $MUNGE_DIR/munge.key"
	start_daemon head munged --force --socket="$MUNGE_SOCKET" --key-file="$MUNGE_DIR/munge.key" \
		--pid-file="$RUN_DIR/munged.pid" --seed-file="$MUNGE_DIR/munged.seed" --log-file="$LOG_DIR/munged.log"
	write_slurm_conf
	start_daemon head slurmctld -f "$CONF" -i
	for ((n = 1; n <= NODES; n++)); do
		start_daemon "node$n" slurmd -f "$CONF" -N "node$n"
	done
	wait_idle

	printf 'export SLURM_CONF=%q\n' "$CONF" >"$ENV_FILE"
	UP_DONE=1
	exec {LOCK_FD}>&-
	t0=$((($(now_us) - t0) / 10000))
	print_how_to "$((t0 / 100)).$(printf '%02d' $((t0 % 100)))"
}

# ---- down, exec, status, site --------------------------------------------------------------------

cmd_down() {
	if [[ ! -e $STATE/$MARKER ]] && ! any_pin_live; then
		note "no cluster in $STATE: nothing to stop"
		return 0
	fi
	lock_state
	teardown || die "teardown of $STATE incomplete (see above)"
	if ((PURGE)); then
		rm -rf -- "$STATE"
		note "down; removed $STATE"
	else
		note "down; logs are in $LOG_DIR"
	fi
}

cmd_exec() {
	local node=$1 dir visible=0
	shift
	is_up || die "no cluster is up in $STATE"
	info_read || die "$INFO is missing: the cluster in $STATE is broken; run down"
	[[ $node == head || ($node =~ ^node([1-9][0-9]*)$ && ${BASH_REMATCH[1]} -le $NODES) ]] ||
		die_usage "no node '$node' (head, node1..node$NODES)"
	case $PWD/ in
	/tmp/* | /dev/shm/*)
		for dir in "${SHARED[@]}"; do
			if [[ $PWD/ == "$dir"/* ]]; then visible=1; fi
		done
		((visible)) || die "the current directory $PWD is private to each node: cd elsewhere, or bring the cluster up with --shared DIR"
		;;
	esac
	(($#)) || set -- "${SHELL:-/bin/bash}"
	ns_args "$node"
	# shellcheck source=/dev/null # written by up
	. "$ENV_FILE"
	cg_attach "$node" $$
	exec nsenter "${NS_ARGS[@]}" --wd="$PWD" -- "$@"
}

cmd_status() {
	local node n pid rc=0 octet
	if ! is_up; then
		printf 'vcluster %s: down\n' "$STATE"
		return 1
	fi
	info_read || die "$INFO is missing: the cluster in $STATE is broken; run down"
	printf 'vcluster %s: up, %s nodes, site MPI configuration %s\n' "$STATE" "$NODES" "$SITE"
	printf '  ethernet %s: %s.0/24, %s, MTU %s (default route); fabric %s: %s.0/24, %s, MTU %s\n' \
		"$ETH_IF" "$ETH_NET" "$ETH_RATE" "$ETH_MTU" "$FAB_IF" "$FAB_NET" "$FAB_RATE" "$FAB_MTU"
	printf '%-7s %-14s %-14s %-6s %s\n' NODE ETHERNET FABRIC CPUS DAEMONS
	while read -r node; do
		octet=$(host_octet "$node")
		if [[ $node == head ]]; then
			pid=$(live_pid munged) || { pid=stopped; rc=1; }
			n=$(live_pid slurmctld) || { n=stopped; rc=1; }
			printf '%-7s %-14s %-14s %-6s munged %s, slurmctld %s\n' head "$ETH_NET.$octet" "$FAB_NET.$octet" \
				- "$pid" "$n"
		else
			pid=$(live_pid "slurmd.$node") || { pid=stopped; rc=1; }
			printf '%-7s %-14s %-14s %-6s slurmd %s\n' "$node" "$ETH_NET.$octet" "$FAB_NET.$octet" \
				"${NODE_CPUS[$node]}" "$pid"
		fi
	done < <(nodes_of "$NODES")
	if live_pid slurmctld >/dev/null; then
		in_node head sinfo -N -o '%N %P %T %c' || rc=1
	fi
	return "$rc"
}

cmd_site() {
	local mode=${1-} n
	is_up || die "no cluster is up in $STATE"
	info_read || die "$INFO is missing: the cluster in $STATE is broken; run down"
	if [[ -z $mode ]]; then
		printf 'site MPI configuration: %s\n' "$SITE"
		return 0
	fi
	lock_state
	for ((n = 1; n <= NODES; n++)); do
		in_node "node$n" bash -c "$(remote_script)" vcluster ns_site "$mode" || die "node$n: writing its /etc failed"
	done
	SITE=$mode
	info_write
	note "site MPI configuration on node1..node$NODES: $mode"
}

# ---- main -------------------------------------------------------------------------------------------

# check_rate OPTION VALUE
check_rate() {
	[[ $2 == none || $2 =~ ^[1-9][0-9]{0,5}(k|m|g)bit$ ]] || die_usage "$1 takes Nkbit, Nmbit, Ngbit or none, not '$2'"
}

main() {
	local command='' dir opt
	local -a args=() shared=() up_only=()
	OPT_NAME=default OPT_STATE='' ETH_RATE=1gbit FAB_RATE=none FAB_MTU=9000 SITE=fabric TIMEOUT_S=30 PURGE=0
	while (($#)); do
		# exec NODE [--] COMMAND...: everything after NODE is the command.
		if [[ $command == exec ]] && ((${#args[@]} == 1)); then
			[[ $1 == -- ]] && shift
			args+=("$@")
			break
		fi
		case $1 in
		-h | --help) usage; exit 0 ;;
		-n | --name | -s | --state | --eth-rate | --fabric-rate | --fabric-mtu | --shared | --site | -t | --timeout)
			(($# >= 2)) || die_usage "$1 needs a value"
			opt=$1
			case $opt in -n) opt=--name ;; -s) opt=--state ;; -t) opt=--timeout ;; esac
			set -- "$opt=$2" "${@:3}"
			continue
			;;
		--name=*) OPT_NAME=${1#*=} ;;
		--state=*) OPT_STATE=${1#*=} ;;
		--eth-rate=*) ETH_RATE=${1#*=} up_only+=(--eth-rate) ;;
		--fabric-rate=*) FAB_RATE=${1#*=} up_only+=(--fabric-rate) ;;
		--fabric-mtu=*) FAB_MTU=${1#*=} up_only+=(--fabric-mtu) ;;
		--shared=*) shared+=("${1#*=}") up_only+=(--shared) ;;
		--timeout=*) TIMEOUT_S=${1#*=} ;;
		--site=*) SITE=${1#*=} up_only+=(--site) ;;
		--purge) PURGE=1 ;;
		-*) die_usage "unknown option '$1'" ;;
		*)
			if [[ -z $command ]]; then command=$1; else args+=("$1"); fi
			;;
		esac
		shift
	done
	[[ $OPT_NAME =~ ^[A-Za-z0-9_.-]{1,64}$ ]] || die_usage "bad name '$OPT_NAME'"
	[[ $SITE =~ ^(fabric|ethernet|off)$ ]] || die_usage "--site takes fabric, ethernet or off, not '$SITE'"
	check_rate --eth-rate "$ETH_RATE"
	check_rate --fabric-rate "$FAB_RATE"
	if [[ ! $FAB_MTU =~ ^[1-9][0-9]{3,4}$ ]] || ((FAB_MTU < 1280 || FAB_MTU > 65535)); then
		die_usage "--fabric-mtu must be 1280-65535"
	fi
	[[ $TIMEOUT_S =~ ^[1-9][0-9]{0,4}$ ]] || die_usage "bad timeout '$TIMEOUT_S' (whole seconds)"
	if [[ $command != up ]] && ((${#up_only[@]})); then die_usage "${up_only[0]} only goes with up"; fi
	[[ $PURGE == 0 || $command == down ]] || die_usage "--purge only goes with down"
	SHARED=()
	for dir in "$TOP" "${shared[@]}"; do
		[[ -d $dir ]] || die_usage "--shared $dir is not a directory"
		dir=$(realpath -e -- "$dir")
		[[ $dir/ != /dev/shm/* ]] || die_usage "--shared $dir: /dev/shm cannot be shared"
		SHARED+=("$dir")
	done
	set_paths "$(resolve_state)"
	# This command as the user would type it again for the same instance (for messages).
	SELF_CMD=$PROG
	[[ $0 == */* ]] && SELF_CMD=$0
	if [[ -n $OPT_STATE || -n ${VCLUSTER_STATE-} ]]; then
		SELF_CMD+=" --state $STATE"
	elif [[ $OPT_NAME != default ]]; then
		SELF_CMD+=" --name $OPT_NAME"
	fi
	case $command in
	up | down | exec | status | site) ;;
	'') die_usage "missing command" ;;
	*) die_usage "unknown command '$command'" ;;
	esac
	# Namespaces, mounts, cgroups and the daemons all need it.
	[[ $(id -u) == 0 ]] || die "$command must run as root"
	case $command in
	up)
		((${#args[@]} == 1)) || die_usage "up takes the number of nodes K"
		NODES=${args[0]}
		if [[ ! $NODES =~ ^[1-9][0-9]{0,2}$ ]] || ((NODES > MAX_NODES)); then
			die_usage "K must be 1-$MAX_NODES, not '$NODES'"
		fi
		cmd_up
		;;
	down)
		((${#args[@]} == 0)) || die_usage "down takes no argument"
		cmd_down
		;;
	exec)
		((${#args[@]} >= 1)) || die_usage "exec needs a NODE"
		cmd_exec "${args[@]}"
		;;
	status)
		((${#args[@]} == 0)) || die_usage "status takes no argument"
		cmd_status
		;;
	site)
		if ((${#args[@]} > 1)) || [[ ! ${args[0]-off} =~ ^(fabric|ethernet|off)$ ]]; then
			die_usage "site takes fabric, ethernet or off"
		fi
		cmd_site "${args[@]}"
		;;
	esac
}

main "$@"
