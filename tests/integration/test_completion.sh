#!/bin/bash
# The bash completion (completion/parity), loaded into bash-completion's framework, completes
# subcommands, options, option values and kernel names, all read from the built programs.
. "$top_srcdir/tests/lib.sh"

# bash-completion's main script: where its pkg-config file says, else Debian's path.
bc_main=
if command -v pkg-config >/dev/null 2>&1 && d=$(pkg-config --variable=datadir bash-completion 2>/dev/null); then
	bc_main=$d/bash-completion/bash_completion
fi
[ -f "$bc_main" ] || bc_main=/usr/share/bash-completion/bash_completion
[ -f "$bc_main" ] || skip "bash-completion not installed"

# The programs as a user has them: on PATH under their own names (links into the build tree;
# the completion finds parity-bench next to the real parity, as parity itself does).
mkdir -p "$T_TMP/bin" "$T_TMP/work/results/camp-a" "$T_TMP/work/results/camp-b" "$T_TMP/work/plans"
ln -s "$PARITY" "$T_TMP/bin/parity"
ln -s "$PARITY_BENCH" "$T_TMP/bin/parity-bench"
: >"$T_TMP/work/results/camp-a/runs.csv"
: >"$T_TMP/work/results/camp-b/runs.csv"
: >"$T_TMP/work/plans/site.conf"

# One bash for all cases: it sources the framework and the completion, then reads LINE<TAB>
# cases on stdin and prints, per case, the candidates on one line: "LINE => a b c".
cat >"$T_TMP/driver.bash" <<'DRIVER'
set +o posix
. "$1"
. "$2"
cd "$3"
unset PARITY_BENCH
# Outside a real TAB, bash's compopt refuses to run: record what the completion asks of it.
compopt() { local IFS=" "; COMPOPTS+=" $*"; }
# complete_line LINE: set COMP_* as bash does for LINE (cursor at its end; '=' is a word of
# its own, as in COMP_WORDBREAKS) and run the function registered for its command.
complete_line() {
	local line=$1 tok spec fn
	local -a w=()
	for tok in $line; do
		while [[ $tok == *=* ]]; do
			w+=("${tok%%=*}" "=")
			tok=${tok#*=}
		done
		[[ -n $tok ]] && w+=("$tok")
	done
	[[ $line == *[\ =] ]] && w+=("")
	COMP_WORDS=("${w[@]}")
	COMP_CWORD=$((${#w[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=() COMPOPTS=
	spec=$(complete -p "${w[0]}" 2>/dev/null) || { echo "$line => (no completion for ${w[0]})"; return; }
	fn=${spec#*-F }
	fn=${fn%% *}
	"$fn" "${w[0]}" "${w[COMP_CWORD]}" "${w[COMP_CWORD - 1]}"
	printf '%s => %s\n' "$line" "$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//')"
	printf '%s options:%s\n' "$line" "$COMPOPTS"
}
while IFS= read -r line; do complete_line "$line"; done
DRIVER

cases='parity co
parity 
parity run --mo
parity run --modes
parity run --modes=
parity run --modes=native,co
parity run --runtime=
parity run --launcher=
parity run --mpi=
parity run --bind=
parity run --kernels=
parity run --kernels=latency,al
parity run --no-dry
parity run --plan=plans/
parity compare --campaign=
parity doctor --mpi 
parity sbatch pl
parity merge --no-
parity-bench 
parity-bench la
parity-bench latency --min
parity-bench bw -m 8 --bin
parity-bench latency --csv=pl'
out=$(printf '%s\n' "$cases" | PATH="$T_TMP/bin:$PATH" bash --norc --noprofile "$T_TMP/driver.bash" \
	"$bc_main" "$top_srcdir/completion/parity" "$T_TMP/work" 2>&1)
echo "$out"

# expect LINE CANDIDATES: the candidates for LINE are exactly these (sorted, blank-separated).
expect() {
	local got
	got=$(printf '%s\n' "$out" | grep -F -x -- "$1 => $2") || true
	if [ -n "$got" ]; then pass "'$1' => '$2'"; else
		fail "'$1': expected '$2', got '$(printf '%s\n' "$out" | grep -F -- "$1 =>" | head -1)'"
	fi
}
# expect_opt LINE OPTION: the completion asked bash for compopt OPTION (e.g. -o nospace).
expect_opt() {
	if printf '%s\n' "$out" | grep -F -- "$1 options:" | grep -q -w -- "$2"; then
		pass "'$1' sets $2"
	else
		fail "'$1': expected compopt $2, got '$(printf '%s\n' "$out" | grep -F -- "$1 options:")'"
	fi
}
# expect_has LINE WORD...: the candidates for LINE include every WORD.
expect_has() {
	local line=$1 got w ok=1
	shift
	got=" $(printf '%s\n' "$out" | grep -F -- "$line =>" | head -1 | sed 's/^.* => //') "
	for w in "$@"; do case $got in *" $w "*) ;; *) ok=0 ;; esac; done
	if [ $ok = 1 ]; then pass "'$line' offers $*"; else fail "'$line': expected $*, got '$got'"; fi
}

# The words the programs themselves list, to hold the completion to them.
subcommands=$("$PARITY" --help | sed -n 's/^[[:space:]]\{1,8\}\([a-z][a-z0-9_-]*\)[[:space:]][[:space:]]*[^[:space:]-].*$/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')
kernels=$("$PARITY_BENCH" --list | awk '{print $1}' | sort | tr '\n' ' ' | sed 's/ $//')
# The runtimes and launchers of the tables, as their golden argv files pin them.
runtimes=$(awk '{ print $1 }' "$top_srcdir/tests/golden/argv/INDEX" | sort -u | tr '\n' ' ' | sed 's/ $//')
launchers=$(awk '{ print $2 }' "$top_srcdir/tests/golden/argv/INDEX" | sort -u | tr '\n' ' ' | sed 's/ $//')
[ -n "$subcommands" ] || die "no subcommands in parity --help"
[ -n "$runtimes" ] && [ -n "$launchers" ] || die "no runtimes or launchers in tests/golden/argv/INDEX"
[ -n "$kernels" ] || die "no kernels in parity-bench --list"

expect 'parity co' 'compare'
expect 'parity ' "$subcommands"
expect_has 'parity run --mo' '--modes='
expect 'parity run --modes' '--modes='
expect_opt 'parity run --modes' 'nospace'
expect 'parity run --modes=' 'bind container-only control hybrid native'
expect 'parity run --modes=native,co' 'native,container-only native,control'
expect 'parity run --runtime=' "$runtimes"
expect 'parity run --launcher=' "$launchers"
expect 'parity run --mpi=' 'mpich openmpi'
expect 'parity run --bind=' 'core none'
expect 'parity run --kernels=' "$kernels"
expect 'parity run --kernels=latency,al' 'latency,allgather latency,allreduce latency,alltoall'
expect 'parity run --no-dry' '--no-dry-run'
expect 'parity run --plan=plans/' 'plans/site.conf'
expect 'parity compare --campaign=' 'camp-a camp-b'
expect 'parity doctor --mpi ' 'mpich openmpi'
expect 'parity sbatch pl' 'plans'
expect 'parity merge --no-' '--no-analysis'
expect 'parity-bench ' "$kernels"
expect 'parity-bench la' 'latency'
expect 'parity-bench latency --min' '--min-time='
expect 'parity-bench bw -m 8 --bin' '--bind='
expect 'parity-bench latency --csv=pl' 'plans'
# Every subcommand's options are offered: the first option of each --help's option column
# (or of its usage line when it has no column), completed from all but its last letter.
for sub in $subcommands; do
	opt=$("$PARITY" "$sub" --help | sed -n -e 's/^[[:space:]]\{1,12\}\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' \
		-e 's/^usage:.*\[\(--[a-z][a-z-]*\).*/\1/p' | head -1)
	[ -n "$opt" ] || continue
	line="parity $sub ${opt%?}"
	res=$(printf '%s\n' "$line" | PATH="$T_TMP/bin:$PATH" bash --norc --noprofile "$T_TMP/driver.bash" \
		"$bc_main" "$top_srcdir/completion/parity" "$T_TMP/work" 2>&1 | grep -F -- "$line =>")
	case " ${res#* => } " in
	*" $opt "* | *" $opt= "*) pass "'$line' offers $opt" ;;
	*) fail "'$line': expected $opt, got '$res'" ;;
	esac
done
finish
