# scripts: see README.md. What a site uses without the source tree is installed (README.md,
# "Installing"): the image builder, the local Slurm and the cluster of namespaces into
# PKGLIBEXECDIR, the container recipes into PKGDATADIR/images, the READMEs into DOCDIR. The
# rest needs a source or build tree (quickstart, test suite, measurements of this machine).

# Single-node Slurm for the integration tests and by hand (scripts/README-slurm.md); installed
# so a site can try `parity sbatch` before its cluster.
dist_pkglibexec_SCRIPTS = scripts/slurm-local.sh
dist_doc_DATA = scripts/README-slurm.md

# A cluster of namespaces on one machine: head + K nodes, ethernet and fabric, Slurm
# (scripts/README-vcluster.md), installed with the two files it and step scripts source
# (they stay next to it: vcluster.sh finds them through its own path). The measurements of
# that README and the inter-node osu_bw demo (its figure is installed with the README) read build trees: not installed.
dist_pkglibexec_SCRIPTS += scripts/vcluster.sh
vclusterhelpersdir = $(pkglibexecdir)
dist_vclusterhelpers_DATA = scripts/vcluster-ns.sh scripts/vcluster-step.sh
dist_doc_DATA += scripts/README-vcluster.md scripts/demo-osu-bw.png
dist_noinst_SCRIPTS += scripts/measure-vcluster.sh scripts/demo-osu-bw.sh

# Container test images (scripts/images/README.md): the Charliecloud image builder (it needs
# only a `make dist` tarball, --src), the recipes for clusters, and `make images`, which builds
# the images from this tree's dist tarball (root; extra builder options in BUILD_IMAGES_FLAGS,
# e.g. --only parity-mpi).
dist_pkglibexec_SCRIPTS += scripts/build-test-images.sh
imagesdir = $(pkgdatadir)/images
dist_images_DATA = scripts/images/README.md scripts/images/Containerfile
imagesapptainerdir = $(pkgdatadir)/images/apptainer
dist_imagesapptainer_DATA = scripts/images/apptainer/hybrid-mpich.def \
	scripts/images/apptainer/hybrid-openmpi.def scripts/images/apptainer/bind-ready.def
BUILD_IMAGES_FLAGS =
images:
	$(MAKE) $(AM_MAKEFLAGS) dist
	$(srcdir)/scripts/build-test-images.sh --src $(PACKAGE)-$(VERSION).tar.gz $(BUILD_IMAGES_FLAGS)
.PHONY: images

# Setup, main job and test suite entry points (README.md's two commands).
dist_noinst_SCRIPTS += scripts/install-deps.sh scripts/quickstart.sh scripts/test-all.sh

# Benchmarks of the verdicts themselves (not tests, and not installed: they measure a build
# tree's statistics with `make check-perf`): scripts/bench-verdicts.sh with its PMPI delay
# library for injected slowdowns.
dist_noinst_SCRIPTS += scripts/bench-verdicts.sh
dist_noinst_DATA += scripts/pmpi-delay.c

# Side by side with the OSU Micro-Benchmarks 7.4 (never part of make check):
# builds OMB from ../shared/reference in a temporary directory and measures it
# and this build's parity-bench alternately. More launches, the other MPI:
#   make bench-vs-osu BENCH_VS_OSU_FLAGS='-n 15 -M "mpich openmpi" -p openmpi=$PWD/../openmpi/bench/parity-bench'
dist_noinst_SCRIPTS += scripts/bench-vs-osu.sh
BENCH_VS_OSU_FLAGS =
bench-vs-osu: bench/parity-bench
	$(SHELL) $(top_srcdir)/scripts/bench-vs-osu.sh -M $(MPI_FAMILY) \
		-p $(MPI_FAMILY)='$(abs_top_builddir)/bench/parity-bench' $(BENCH_VS_OSU_FLAGS)
.PHONY: bench-vs-osu
