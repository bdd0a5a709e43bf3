# Shared by the tests that bring up a vcluster (sourced after tests/lib.sh, with STATE and the
# VCS array, the vcluster.sh command with its --state, set): on any exit, the cluster goes down
# (its logs shown when the test failed) and the test's temporary files go.
vcluster_on_exit() {
	local rc=$?
	if [ -e "$STATE" ]; then
		[ "$rc" = 0 ] || tail -n 20 "$STATE"/log/*.log 2>/dev/null || true
		"${VCS[@]}" down --purge >/dev/null 2>&1 || echo "FAIL: $T_NAME: teardown in trap failed"
	fi
	t_cleanup
	exit "$rc"
}
trap vcluster_on_exit EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
