# parity figure template: one point (kernel, metric, placement, size) across
# campaigns in date order, one curve per mode (native and each container
# mode): each campaign's median over rounds. A gap is a campaign without that
# mode. parity fills in the @NAME@ fields (strings arrive quoted for gnuplot)
# and runs this with the figures folder as the working directory.
set encoding utf8
set termoption noenhanced
set title @TITLE@ noenhanced
set label 1 @CAPTION@ at screen 0.01, screen 0.02 left font ',8' noenhanced
set bmargin 8
set xlabel 'campaign (date order)' noenhanced
set ylabel @YLABEL@ noenhanced
set xtics (@XTICS@) rotate by -20
set xrange [-0.3:@XMAX@]
set grid xtics ytics
set key outside right top box opaque noenhanced
set datafile missing 'NaN'
set pointsize 1

set terminal pngcairo size 960,560 font 'sans,10' noenhanced
set output @PNG@
plot @PLOT@

set terminal svg size 960,560 font 'sans,10' noenhanced
set output @SVG@
replot
unset output
