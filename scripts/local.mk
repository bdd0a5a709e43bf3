# scripts: see README.md

# Single-node Slurm for the integration tests and by hand (scripts/README-slurm.md).
dist_noinst_SCRIPTS += scripts/slurm-local.sh
dist_noinst_DATA += scripts/README-slurm.md

# A cluster of namespaces on one machine: head + K nodes, ethernet and fabric, Slurm
# (scripts/README-vcluster.md); the measurements of that README; the native part of the
# inter-node osu_bw demo. vcluster-ns.sh and vcluster-step.sh are sourced.
dist_noinst_SCRIPTS += scripts/vcluster.sh scripts/measure-vcluster.sh scripts/demo-osu-bw.sh
dist_noinst_DATA += scripts/vcluster-ns.sh scripts/vcluster-step.sh scripts/README-vcluster.md

# Container test images (scripts/images/README.md): the Charliecloud image builder, the recipes
# for clusters, and `make images`, which builds the images from this tree's dist tarball
# (root; extra builder options in BUILD_IMAGES_FLAGS, e.g. --only parity-mpi).
dist_noinst_SCRIPTS += scripts/build-test-images.sh
dist_noinst_DATA += scripts/images/README.md scripts/images/Containerfile \
	scripts/images/apptainer/hybrid-mpich.def scripts/images/apptainer/hybrid-openmpi.def \
	scripts/images/apptainer/bind-ready.def
BUILD_IMAGES_FLAGS =
images:
	$(MAKE) $(AM_MAKEFLAGS) dist
	$(srcdir)/scripts/build-test-images.sh --src $(PACKAGE)-$(VERSION).tar.gz $(BUILD_IMAGES_FLAGS)
.PHONY: images

# Setup, main job and test suite entry points (README.md's two commands).
dist_noinst_SCRIPTS += scripts/install-deps.sh scripts/quickstart.sh scripts/test-all.sh

# Benchmarks of the verdicts themselves (not tests): scripts/bench-verdicts.sh
# with its PMPI delay library for injected slowdowns.
dist_noinst_SCRIPTS += scripts/bench-verdicts.sh
dist_noinst_DATA += scripts/pmpi-delay.c
