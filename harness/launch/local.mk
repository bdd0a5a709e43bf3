# harness/launch: how one launch is put together: the launcher and runtime
# tables (every launcher and runtime is one descriptor there) and compose,
# launcher x runtime x mode -> argv. Their golden argv files are checked by
# tests/unit/test_argv (run/local.mk) and test_run_dry_run.sh.
harness_libparityharness_a_SOURCES += \
	harness/launch/compose.c harness/launch/compose.h \
	harness/launch/launcher.c harness/launch/launcher.h \
	harness/launch/runtime.c harness/launch/runtime.h

# Integration tests (real rootful podman: every container mode, store images, cleanup).
INTEGRATION_TESTS += tests/integration/test_podman.sh
