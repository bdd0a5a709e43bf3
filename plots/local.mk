# plots: gnuplot templates for `parity plot` (compiled into parity by
# harness/analyze/local.mk, so the command needs no data directory) and the default
# thresholds file, installed for reference and for editing copies.
PLOT_TEMPLATES = plots/size.gp plots/overhead.gp plots/trend.gp
dist_pkgdata_DATA = $(PLOT_TEMPLATES) harness/analyze/thresholds.conf
