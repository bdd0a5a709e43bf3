/* report_assets: text files compiled into parity (generated from
 * harness/analyze/thresholds.conf and the plots/ templates by harness/analyze/local.mk), so the
 * command needs no data directory at run time. */
#ifndef PARITY_REPORT_ASSETS_H
#define PARITY_REPORT_ASSETS_H

extern const char report_asset_thresholds_conf[];
extern const char report_asset_plot_size_gp[];
extern const char report_asset_plot_overhead_gp[];
extern const char report_asset_plot_trend_gp[];

#endif
