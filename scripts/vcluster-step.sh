# shellcheck shell=bash
# vcluster-step.sh: sourced by scripts and tests that run MPI steps on a vcluster.sh cluster.
# Debian's MPICH 4.0.2 sometimes hangs in MPI_Finalize between nodes over TCP (pmodels/mpich PR
# 6596; one rank spins, the others wait in the PMI barrier) after the program has printed
# everything. A step is therefore judged by the lines it printed, and one still running a few
# seconds after them is cancelled and counted, not waited for.

# vcluster_step VCLUSTER OUT NEEDLE COUNT TIMEOUT_S GRACE_S SRUN_ARG...: run `srun SRUN_ARG...`
# in the head of the cluster driven by VCLUSTER (an array name: the vcluster.sh command line up
# to, not including, `exec`), its stdout and stderr in OUT. Returns 0 once COUNT lines of OUT
# match the grep pattern NEEDLE (1 if the step ended or TIMEOUT_S passed first). If the step has
# not ended GRACE_S seconds after that, its jobs are cancelled, the cluster is waited on until
# idle, and VCLUSTER_STEP_HANGS is incremented.
VCLUSTER_STEP_HANGS=0
vcluster_step() {
	local -n vcs_cmd=$1
	local out=$2 needle=$3 count=$4 timeout_s=$5 grace_s=$6 pid deadline seen
	shift 6
	: >"$out"
	"${vcs_cmd[@]}" exec head -- srun "$@" >>"$out" 2>&1 &
	pid=$!
	deadline=$((SECONDS + timeout_s))
	seen=0
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
		seen=$(grep -c -- "$needle" "$out") || true
		((seen >= count)) && break
		sleep 0.1
	done
	deadline=$((SECONDS + grace_s))
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then
		VCLUSTER_STEP_HANGS=$((VCLUSTER_STEP_HANGS + 1))
		"${vcs_cmd[@]}" exec head -- scancel --user="$(id -un)" >/dev/null 2>&1 || true
		kill "$pid" 2>/dev/null || true
		deadline=$((SECONDS + 30))
		while [[ -n $("${vcs_cmd[@]}" exec head -- squeue -h 2>/dev/null) ]] && ((SECONDS < deadline)); do
			sleep 0.2
		done
	fi
	wait "$pid" 2>/dev/null || true
	seen=$(grep -c -- "$needle" "$out") || true
	((seen >= count))
}
