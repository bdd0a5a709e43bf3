# scripts: see README.md

# Single-node Slurm for the integration tests and by hand (scripts/README-slurm.md).
dist_noinst_SCRIPTS += scripts/slurm-local.sh
dist_noinst_DATA += scripts/README-slurm.md
