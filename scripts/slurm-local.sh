#!/bin/bash
# slurm-local.sh: a real single-node Slurm (munged + slurmctld + slurmd) whose whole state lives in
# one directory, for the integration tests and for trying sbatch/srun by hand. See scripts/README-slurm.md.
set -euo pipefail

readonly PROG=${0##*/}
readonly MARKER=.parity-slurm-local
# Serialises port choice and daemon start-up across concurrent `up`s (the only shared resource).
readonly LOCK_FILE=/tmp/parity-slurm-local.lock
readonly POLL_S=0.1

usage() {
	cat <<EOF
Usage: $PROG [OPTIONS] COMMAND [DIR]

A single-node Slurm (munged, slurmctld, slurmd) run as root without systemd, with all its
configuration, state, sockets, pid files and logs in DIR.

Commands:
  up [DIR]      start the daemons in DIR (default: a new /tmp/parity-slurm.XXXXXX), wait until
                the node is idle and the scheduler has run once (~3 s), then print the shell
                lines clients need on stdout:
                  eval "\$($PROG up)"
  down [DIR]    cancel all jobs, shut the daemons down and wait until they are gone;
                succeeds when nothing is running. Keeps DIR (logs) unless --purge.
  status [DIR]  show the daemons and sinfo; exit 0 only if all three daemons run
  env [DIR]     print the shell lines clients need (as \`up\` does) for an existing DIR

Without DIR, down/status/env use the directory of \$SLURM_CONF if \`up\` created it.

Options:
  -p, --partition NAME  partition name for \`up\` (default: debug; it is the default partition)
  -t, --timeout SECONDS how long \`up\` waits for an idle node and \`down\` for jobs and
                        daemons to end (default: 30)
      --purge           with \`down\`: remove DIR afterwards
  -h, --help            show this help

Ports are picked free below the ephemeral range, never Slurm's defaults, so several instances
(in different DIRs) and a system Slurm can run side by side.
Exit status: 0 ok, 1 failure (daemon did not start or stop, status not running), 2 usage error.
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

# ---- paths of one instance -------------------------------------------------------------------

set_paths() {
	DIR=$1
	CONF=$DIR/slurm.conf
	RUN_DIR=$DIR/run
	LOG_DIR=$DIR/log
	MUNGE_DIR=$DIR/munge
	MUNGE_SOCKET=$MUNGE_DIR/munge.socket
}

# resolve_dir ARG: absolute path of ARG, or the slurm-local directory of $SLURM_CONF.
resolve_dir() {
	local dir=${1-}
	if [[ -z $dir ]]; then
		[[ -n ${SLURM_CONF-} ]] || die_usage "no DIR given and SLURM_CONF is not set"
		dir=$(dirname -- "$SLURM_CONF")
		# A directory that is gone (down --purge) is fine: `down` then has nothing to do.
		[[ ! -e $dir || -e $dir/$MARKER ]] || die_usage "no DIR given and $SLURM_CONF was not made by $PROG"
	fi
	dir=$(realpath -m -- "$dir")
	# slurm.conf has no quoting: a path with blanks or its metacharacters cannot be written.
	[[ $dir =~ ^[A-Za-z0-9_./+-]+$ ]] || die_usage "DIR '$dir' holds characters slurm.conf cannot take"
	printf '%s\n' "$dir"
}

require_instance() {
	[[ -e $DIR/$MARKER && -r $CONF ]] || die "$DIR is not a $PROG directory (no $MARKER or slurm.conf)"
}

# ---- processes -------------------------------------------------------------------------------

# live_pid NAME: print the pid from RUN_DIR/NAME.pid if that process is alive and runs NAME for
# this DIR; a stale pid file or a recycled pid is treated as "not running".
live_pid() {
	local name=$1 pid cmdline
	[[ -r $RUN_DIR/$name.pid ]] || return 1
	read -r pid <"$RUN_DIR/$name.pid" 2>/dev/null || return 1
	[[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
	cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
	[[ $cmdline == *"$name "*"$DIR/"* ]] || return 1
	printf '%s\n' "$pid"
}

# proc_stat_field PID N: field N (3 = state, 4 = parent pid) of /proc/PID/stat; fails if PID is
# gone. Fields are counted after the command name, which may hold blanks and parentheses.
proc_stat_field() {
	local stat fields
	stat=$(cat 2>/dev/null "/proc/$1/stat") || return 1
	read -r -a fields <<<"${stat##*) }"
	printf '%s\n' "${fields[$2 - 3]}"
}

# wait_gone PID SECONDS: 0 once PID has exited (or is a zombie), 1 on timeout.
wait_gone() {
	local pid=$1 deadline=$((SECONDS + $2)) state
	while ((SECONDS <= deadline)); do
		state=$(proc_stat_field "$pid" 3) || return 0
		[[ $state == Z ]] && return 0
		sleep "$POLL_S"
	done
	return 1
}

# stop_pid NAME: end this DIR's NAME daemon, politely first; 1 if it survives SIGKILL.
stop_pid() {
	local name=$1 pid
	pid=$(live_pid "$name") || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait_gone "$pid" "$TIMEOUT_S" && return 0
	note "$name (pid $pid) ignored SIGTERM for ${TIMEOUT_S}s: sending SIGKILL"
	kill -KILL "$pid" 2>/dev/null || true
	wait_gone "$pid" 5
}

# stop_orphans: kill what a slurmd that died hard left behind: its slurmstepds and their job
# processes, recognised by the SLURM_CONF they inherited (job processes also carry SLURM_JOB_ID).
# The caller's own ancestry is spared. 1 if one survives.
stop_orphans() {
	local pid environ ancestors=" " pids=()
	pid=$$
	while [[ $pid =~ ^[1-9][0-9]*$ && $pid != 1 ]]; do
		ancestors+="$pid "
		pid=$(proc_stat_field "$pid" 4) || break
	done
	for pid in /proc/[1-9]*; do
		pid=${pid#/proc/}
		[[ $ancestors == *" $pid "* ]] && continue
		environ=$(tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ") || continue
		[[ $'\n'$environ$'\n' == *$'\n'"SLURM_CONF=$CONF"$'\n'* ]] || continue
		if [[ $(cat 2>/dev/null "/proc/$pid/comm") == slurmstepd || $environ == *$'\n'SLURM_JOB_ID=* ]]; then
			pids+=("$pid")
		fi
	done
	((${#pids[@]})) || return 0
	note "killing processes left behind by this instance's jobs: ${pids[*]}"
	kill -KILL "${pids[@]}" 2>/dev/null || true
	for pid in "${pids[@]}"; do
		wait_gone "$pid" 5 || return 1
	done
}

# port_is_free PORT: no TCP socket of any state uses PORT locally.
port_is_free() {
	[[ -z $(ss -Htan "sport = :$1" 2>/dev/null) ]]
}

# pick_port EXCLUDE: print a free TCP port below the kernel's ephemeral range (so outgoing
# connections cannot take it meanwhile) and far from Slurm's defaults 6817-6819.
pick_port() {
	local exclude=$1 eph_lo eph_hi lo hi port tries
	read -r eph_lo eph_hi </proc/sys/net/ipv4/ip_local_port_range
	if ((eph_lo > 11000)); then
		lo=10000 hi=$((eph_lo - 1))
	else
		lo=$((eph_hi + 1)) hi=65535
	fi
	((hi - lo >= 100)) || die "no port range outside the ephemeral range $eph_lo-$eph_hi"
	for ((tries = 0; tries < 200; tries++)); do
		port=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
		[[ $port != "$exclude" ]] && port_is_free "$port" && { printf '%s\n' "$port"; return 0; }
	done
	die "found no free TCP port in $lo-$hi"
}

# wait_listening PORT NAME: 0 once something listens on PORT, 1 if NAME died or time ran out.
wait_listening() {
	local port=$1 name=$2 deadline=$((SECONDS + TIMEOUT_S))
	while ((SECONDS <= deadline)); do
		[[ -n $(ss -Htln "sport = :$port" 2>/dev/null) ]] && return 0
		# The pid file appears once the daemon has forked; only a written one that is dead counts.
		if [[ -e $RUN_DIR/$name.pid ]] && ! live_pid "$name" >/dev/null; then
			return 1
		fi
		sleep "$POLL_S"
	done
	return 1
}

show_log_tails() {
	local log
	for log in munged slurmctld slurmd; do
		[[ -s $LOG_DIR/$log.log ]] || continue
		printf '%s: ---- last lines of %s ----\n' "$PROG" "$LOG_DIR/$log.log" >&2
		tail -n 15 "$LOG_DIR/$log.log" >&2
	done
}

# ---- commands --------------------------------------------------------------------------------

print_env() {
	printf 'export SLURM_CONF=%s\n' "$CONF"
}

write_conf() {
	local host=$1 node_line=$2 ctld_port=$3 slurmd_port=$4
	cat >"$CONF.tmp" <<EOF
# Generated by $PROG for a single-node test cluster; every path lives in $DIR.
ClusterName=parity
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
TmpFS=$DIR/tmp
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# Distinct job ids per instance: MPI runtimes name /tmp session dirs and shm segments after them.
FirstJobId=$((ctld_port * 1000))
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerParameters=batch_sched_delay=0,sched_min_interval=2
MpiDefault=none
ReturnToService=2
KillWait=5
$node_line
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
	mv -f "$CONF.tmp" "$CONF"
}

# start_daemons: create the key, write slurm.conf on freshly picked ports (CTLD_PORT, SLURMD_PORT)
# and start the three daemons; runs with LOCK_FILE held on fd LOCK_FD, which they must not inherit.
start_daemons() {
	local host node_line
	host=$(hostname -s)
	# slurmd -C prints what slurmd will detect; claiming more would drain the node.
	node_line=$(slurmd -C 2>/dev/null | sed -n 's/^\(NodeName=[^ ]*\)\(.*\)$/\1 NodeAddr=127.0.0.1\2/p')
	[[ $node_line == "NodeName=$host "* ]] || die "\`slurmd -C\` gave no node line for host '$host'"
	CTLD_PORT=$(pick_port 0)
	SLURMD_PORT=$(pick_port "$CTLD_PORT")
	write_conf "$host" "$node_line" "$CTLD_PORT" "$SLURMD_PORT"

	if [[ ! -s $MUNGE_DIR/munge.key ]]; then
		mungekey --create --keyfile="$MUNGE_DIR/munge.key" 2>>"$LOG_DIR/munged.log" ||
			die "mungekey could not create $MUNGE_DIR/munge.key"
	fi
	rm -f "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
	munged --force --socket="$MUNGE_SOCKET" --key-file="$MUNGE_DIR/munge.key" \
		--pid-file="$RUN_DIR/munged.pid" --seed-file="$MUNGE_DIR/munged.seed" \
		--log-file="$LOG_DIR/munged.log" </dev/null >>"$LOG_DIR/munged.out" 2>&1 {LOCK_FD}>&- ||
		fail_up "munged did not start"
	munge --socket="$MUNGE_SOCKET" -n </dev/null 2>/dev/null |
		unmunge --socket="$MUNGE_SOCKET" >/dev/null 2>&1 ||
		fail_up "munged runs but cannot encode/decode a credential on $MUNGE_SOCKET"

	SLURM_CONF=$CONF slurmctld -f "$CONF" -i </dev/null >>"$LOG_DIR/slurmctld.out" 2>&1 {LOCK_FD}>&- ||
		fail_up "slurmctld did not start"
	wait_listening "$CTLD_PORT" slurmctld || fail_up "slurmctld is not listening on port $CTLD_PORT"
	SLURM_CONF=$CONF slurmd -f "$CONF" </dev/null >>"$LOG_DIR/slurmd.out" 2>&1 {LOCK_FD}>&- ||
		fail_up "slurmd did not start"
	wait_listening "$SLURMD_PORT" slurmd || fail_up "slurmd is not listening on port $SLURMD_PORT"
}

# fail_up MESSAGE: report a failed start with the daemons' log tails, stop what did start, exit 1.
fail_up() {
	printf '%s: error: %s\n' "$PROG" "$1" >&2
	show_log_tails
	stop_all >/dev/null 2>&1 || true
	note "stopped whatever had started; state and logs are in $DIR"
	exit 1
}

# scheduler_has_run: sdiag counts at least one cycle of the main scheduler.
scheduler_has_run() {
	local cycles
	cycles=$(sdiag 2>/dev/null | awk '/^Main schedule statistics/ { main = 1 }
		main && /Total cycles:/ { print $3; exit }') || return 1
	[[ $cycles =~ ^[0-9]+$ ]] && ((cycles > 0))
}

cmd_up() {
	local name state deadline
	if [[ -n ${1-} ]]; then
		DIR=$(resolve_dir "$1")
		if [[ -e $DIR && ! -e $DIR/$MARKER && -n $(ls -A -- "$DIR" 2>/dev/null) ]]; then
			die "$DIR is not empty and was not made by $PROG: refusing to use it"
		fi
		mkdir -p -- "$DIR"
	else
		DIR=$(mktemp -d /tmp/parity-slurm.XXXXXX)
	fi
	set_paths "$DIR"
	export SLURM_CONF=$CONF
	# Held until the daemons listen: two `up`s never pick the same ports or share a DIR.
	exec {LOCK_FD}>>"$LOCK_FILE"
	flock -w "$TIMEOUT_S" "$LOCK_FD" || die "another $PROG up held $LOCK_FILE for ${TIMEOUT_S}s"
	for name in munged slurmctld slurmd; do
		if live_pid "$name" >/dev/null; then
			die "a $name of this instance already runs (see $RUN_DIR/$name.pid): use \`$PROG down $DIR\` first"
		fi
	done
	# Each `up` is a fresh cluster: no jobs or node state come back from an earlier run.
	rm -rf "$RUN_DIR" "$DIR/state" "$DIR/spool" "$DIR/tmp"
	# Non-root job steps need to reach the munge socket, so the tree is traversable (o+x).
	chmod 0755 "$DIR"
	: >"$DIR/$MARKER"
	mkdir -p "$RUN_DIR" "$LOG_DIR" "$MUNGE_DIR" "$DIR/state" "$DIR/spool" "$DIR/tmp"
	chmod 0711 "$MUNGE_DIR"
	chmod 1777 "$DIR/tmp"

	start_daemons
	exec {LOCK_FD}>&-

	# Ready means: the node is idle and the main scheduler has run once. slurmctld's first
	# scheduling pass comes ~3 s after start; a batch job submitted before it waits for it, and
	# `sbatch --wait` then polls late, so the first job would take ~10 s instead of ~2 s.
	deadline=$((SECONDS + TIMEOUT_S))
	while :; do
		state=$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1) || state=
		[[ $state == idle ]] && scheduler_has_run && break
		for name in munged slurmctld slurmd; do
			live_pid "$name" >/dev/null || fail_up "$name exited while waiting for the node (state '${state:-none}')"
		done
		((SECONDS < deadline)) ||
			fail_up "not ready after ${TIMEOUT_S}s: node state '${state:-none}' (want idle), $(
				scheduler_has_run && echo 'scheduler has run' || echo 'scheduler has not run yet')"
		sleep "$POLL_S"
	done
	note "up in $DIR (partition $PARTITION, slurmctld port $CTLD_PORT, slurmd port $SLURMD_PORT)"
	print_env
}

# stop_all: cancel jobs, shut the daemons down and stop munged; 1 if a daemon survived.
stop_all() {
	local ctld_pid slurmd_pid name jobs deadline rc=0
	export SLURM_CONF=$CONF
	if ctld_pid=$(live_pid slurmctld); then
		jobs=$(squeue -h -o '%A' 2>/dev/null | tr '\n' ' ') || jobs=
		if [[ -n ${jobs// /} ]]; then
			# shellcheck disable=SC2086 # job ids, one word each
			scancel $jobs 2>/dev/null || true
			deadline=$((SECONDS + TIMEOUT_S))
			while [[ -n $(squeue -h -o '%A' 2>/dev/null) ]] && ((SECONDS < deadline)); do
				sleep "$POLL_S"
			done
		fi
		scontrol shutdown >/dev/null 2>&1 || true
		wait_gone "$ctld_pid" "$TIMEOUT_S" || true
	fi
	if slurmd_pid=$(live_pid slurmd); then
		wait_gone "$slurmd_pid" 5 || true
	fi
	for name in slurmctld slurmd munged; do
		stop_pid "$name" || { note "$name of $DIR survived SIGKILL"; rc=1; }
	done
	stop_orphans || rc=1
	rm -f "$RUN_DIR"/*.pid "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"
	return "$rc"
}

cmd_down() {
	DIR=$(resolve_dir "${1-}")
	set_paths "$DIR"
	if [[ ! -e $DIR ]]; then
		note "$DIR does not exist: nothing to stop"
		return 0
	fi
	require_instance
	stop_all || die "daemons of $DIR are still running"
	if ((PURGE)); then
		rm -rf -- "$DIR"
		note "stopped and removed $DIR"
	else
		note "stopped; logs are in $LOG_DIR"
	fi
}

cmd_status() {
	local name pid rc=0
	DIR=$(resolve_dir "${1-}")
	set_paths "$DIR"
	require_instance
	for name in munged slurmctld slurmd; do
		if pid=$(live_pid "$name"); then
			printf '%-10s running (pid %s)\n' "$name" "$pid"
		else
			printf '%-10s stopped\n' "$name"
			rc=1
		fi
	done
	if live_pid slurmctld >/dev/null; then
		SLURM_CONF=$CONF sinfo || rc=1
	fi
	return "$rc"
}

cmd_env() {
	DIR=$(resolve_dir "${1-}")
	set_paths "$DIR"
	require_instance
	live_pid slurmctld >/dev/null || note "warning: slurmctld of $DIR is not running"
	print_env
}

# ---- main ------------------------------------------------------------------------------------

main() {
	local command='' args=()
	PARTITION=debug
	PARTITION_SET=0
	TIMEOUT_S=30
	PURGE=0
	while (($#)); do
		case $1 in
		-h | --help) usage; exit 0 ;;
		-p | --partition) (($# >= 2)) || die_usage "$1 needs a NAME"; PARTITION=$2 PARTITION_SET=1; shift ;;
		--partition=*) PARTITION=${1#*=} PARTITION_SET=1 ;;
		-t | --timeout) (($# >= 2)) || die_usage "$1 needs SECONDS"; TIMEOUT_S=$2; shift ;;
		--timeout=*) TIMEOUT_S=${1#*=} ;;
		--purge) PURGE=1 ;;
		-*) die_usage "unknown option '$1'" ;;
		*) if [[ -z $command ]]; then command=$1; else args+=("$1"); fi ;;
		esac
		shift
	done
	[[ $PARTITION =~ ^[A-Za-z0-9_-]{1,64}$ ]] || die_usage "bad partition name '$PARTITION'"
	[[ $TIMEOUT_S =~ ^[1-9][0-9]{0,4}$ ]] || die_usage "bad timeout '$TIMEOUT_S' (whole seconds, 1-99999)"
	((${#args[@]} <= 1)) || die_usage "too many arguments: ${args[*]}"
	case $command in
	up | down | status | env) ;;
	'') die_usage "missing COMMAND" ;;
	*) die_usage "unknown command '$command'" ;;
	esac
	[[ $PURGE == 0 || $command == down ]] || die_usage "--purge only goes with down"
	[[ $PARTITION_SET == 0 || $command == up ]] || die_usage "--partition only goes with up"
	if [[ $command == up ]]; then
		[[ $(id -u) == 0 ]] || die "up must run as root (slurmd and the jobs run as root here)"
		local tool
		for tool in munged mungekey munge unmunge slurmctld slurmd sinfo sdiag ss flock; do
			command -v "$tool" >/dev/null || die "'$tool' not found in PATH"
		done
	fi
	"cmd_$command" "${args[@]}"
}

main "$@"
