#!/bin/bash
# installcheck.sh: what `make installcheck` runs (tests/local.mk passes the install
# directories). parity is used as a site has it, from its installed files only: the programs on
# PATH, a tiny real campaign (native against control: 2 kernels x 2 sizes x 2 rounds, no
# minimum measuring time) run from an empty directory, then compare, plot and report on it;
# the man pages, the completion, the scripts, the recipes and the documents where they were
# installed. Exit 0 all good, 1 a check failed.
#
# usage: installcheck.sh --bindir=DIR --pkgdatadir=DIR --pkglibexecdir=DIR --docdir=DIR
#                        --mandir=DIR [--bashcompletiondir=DIR] [--man=yes|no]
set -u

bindir='' pkgdatadir='' pkglibexecdir='' docdir='' mandir='' bashcompletiondir='' man=no
for arg; do
	case $arg in
	--bindir=* | --pkgdatadir=* | --pkglibexecdir=* | --docdir=* | --mandir=* | --bashcompletiondir=* | --man=*)
		name=${arg%%=*}; name=${name#--}; printf -v "$name" '%s' "${arg#*=}" ;;
	*) echo "installcheck.sh: unknown argument '$arg'" >&2; exit 2 ;;
	esac
done
for d in "$bindir" "$pkgdatadir" "$pkglibexecdir" "$docdir" "$mandir"; do
	[ -n "$d" ] || { echo "installcheck.sh: every directory option is required" >&2; exit 2; }
done

t0=$(date +%s.%N)
fails=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: installcheck: $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parity-installcheck.XXXXXX") || exit 1
trap '[ -n "${KEEP_TEST_TMP:-}" ] || rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
# Nothing of a source or build tree: the installed programs first on PATH, no overrides.
unset PARITY PARITY_BENCH PARITY_IMAGE_DIR top_srcdir top_builddir
export PATH="$bindir:$PATH"
export USER=${USER:-$(id -un)} OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# --- the programs
check "parity is $bindir/parity" test "$(command -v parity)" = "$bindir/parity"
v=$(parity --version)
check "parity --version: $v" test -n "$v"
# The OSU drop-in programs: links to parity-bench in bindir.
for n in osu_latency osu_bw osu_bibw osu_mbw_mr osu_multi_lat osu_allreduce osu_bcast osu_reduce \
	osu_allgather osu_alltoall osu_gather osu_scatter osu_reduce_scatter osu_barrier; do
	check "$n links to parity-bench" test "$(readlink "$bindir/$n")" = parity-bench
done
check "osu_bw -h speaks OMB's grammar" sh -c "osu_bw -h 2>&1 | grep -q '^Usage: osu_bw'"
kernels=$(parity-bench --list | awk '{ print $1 }')
check "parity-bench --list lists kernels" test -n "$kernels"

# --- a tiny campaign: native against control, parity-bench found next to the installed parity
results=$tmp/results
run=(parity run --campaign=installcheck --results="$results" --modes=native,control
	--kernels=latency,bw --sizes=1K:2K --repetitions=2 --min-time=0 --timeout=120
	--thresholds="$pkgdatadir/thresholds.conf")
echo "installcheck: ${run[*]}"
"${run[@]}" >"$tmp/run.out" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -20 "$tmp/run.out"
check "parity run: exit 0 (got $rc)" test $rc -eq 0
campaign=$results/installcheck
# 2 modes x 2 kernels x 2 sizes x 2 rounds, every row ok
rows=$(python3 -c 'import csv, sys; print(sum(r["status"] == "ok" for r in csv.DictReader(open(sys.argv[1]))))' \
	"$campaign/runs.csv" 2>/dev/null)
check "runs.csv: 16 ok rows (got $rows)" test "${rows:-0}" -eq 16
check "logs: the kernels ran from $bindir" grep -q -- "$bindir/parity-bench" "$campaign/logs/r01-native-latency.log"

parity compare --campaign=installcheck --results="$results" --thresholds="$pkgdatadir/thresholds.conf" >"$tmp/compare.out" 2>&1
rc=$?
# Two rounds decide nothing: 0 (all pass) or 10 (undecided) are both right; 1 would be a failure.
[ $rc -eq 0 ] || [ $rc -eq 10 ] || cat "$tmp/compare.out"
check "parity compare: exit 0 or 10 (got $rc)" test $rc -eq 0 -o $rc -eq 10
check "parity compare: verdicts.csv" test -s "$campaign/verdicts.csv"
if parity plot --campaign=installcheck --results="$results" >"$tmp/plot.out" 2>&1; then
	check "parity plot: figures" bash -c 'ls "$1"/plots/*.png "$1"/plots/*.svg >/dev/null' _ "$campaign"
else
	rc=$?
	cat "$tmp/plot.out"
	if [ $rc -eq 8 ] && ! command -v gnuplot >/dev/null 2>&1; then
		echo "installcheck: no gnuplot here: no figures (parity plot exit 8, as documented)"
	else
		fail "parity plot: exit $rc"
	fi
fi
check "parity report" parity report --campaign=installcheck --results="$results"
check "report.html names the campaign" grep -q installcheck "$campaign/report.html"

# --- data, scripts, recipes, documents
check "thresholds.conf is the built-in one" bash -c 'parity compare --show-thresholds | cmp -s - "$1"' _ "$pkgdatadir/thresholds.conf"
for f in images/Containerfile images/README.md images/apptainer/hybrid-mpich.def \
	images/apptainer/hybrid-openmpi.def images/apptainer/bind-ready.def size.gp overhead.gp; do
	check "$pkgdatadir/$f" test -s "$pkgdatadir/$f"
done
# The installed scripts start from where they are (vcluster.sh sources its helpers next to it).
for s in build-test-images.sh slurm-local.sh vcluster.sh; do
	check "$pkglibexecdir/$s --help" bash -c '"$1" --help >/dev/null' _ "$pkglibexecdir/$s"
done
for f in README.md README-slurm.md README-vcluster.md results/README.md; do
	check "$docdir/$f" test -s "$docdir/$f"
done

# --- man pages: `man parity` finds them in MANDIR
if [ "$man" = yes ]; then
	for page in parity parity-bench; do
		check "man $page (MANPATH=$mandir)" bash -c 'MANWIDTH=80 man -M "$1" "$2" 2>&1 | grep -q "^SYNOPSIS"' _ "$mandir" "$page"
	done
else
	echo "installcheck: man pages not built (no help2man at configure time)"
fi

# --- completion: bash-completion's loader finds it by command name
if [ -n "$bashcompletiondir" ]; then
	check "completion: $bashcompletiondir/parity" test -s "$bashcompletiondir/parity"
	check "completion: $bashcompletiondir/parity-bench links to it" test "$(readlink "$bashcompletiondir/parity-bench")" = parity
	bc_main=/usr/share/bash-completion/bash_completion
	d=$(pkg-config --variable=datadir bash-completion 2>/dev/null) && [ -f "$d/bash-completion/bash_completion" ] &&
		bc_main=$d/bash-completion/bash_completion
	if [ -f "$bc_main" ]; then
		# XDG_DATA_DIRS is where the loader looks besides its own directory.
		got=$(XDG_DATA_DIRS="${bashcompletiondir%/bash-completion/completions}:/usr/local/share:/usr/share" \
			bash --norc --noprofile -c '
			. "$1"
			__load_completion parity-bench && __load_completion parity || exit 1
			compopt() { :; }
			COMP_WORDS=(parity co); COMP_CWORD=1; COMP_LINE="parity co"; COMP_POINT=9
			_parity parity co parity; printf "%s " "${COMPREPLY[@]}"
			COMP_WORDS=(parity-bench la); COMP_CWORD=1; COMP_LINE="parity-bench la"; COMP_POINT=15
			_parity_bench_main parity-bench la parity-bench; printf "%s\n" "${COMPREPLY[@]}"' _ "$bc_main" 2>&1)
		check "completion loaded by bash-completion: 'parity co' => compare, 'parity-bench la' => latency (got '$got')" \
			test "$got" = "compare latency"
	else
		echo "installcheck: bash-completion not installed here: the completion is not exercised"
	fi
fi

t1=$(date +%s.%N)
printf 'installcheck: %d check(s) failed, %.1f s\n' "$fails" "$(echo "$t1 - $t0" | bc)"
[ $fails -eq 0 ]
