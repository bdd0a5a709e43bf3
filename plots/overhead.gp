# parity figure template: overhead of one series against native for one
# kernel and metric, with its 95% bootstrap interval, over the band of
# allowed overhead from the thresholds (positive = container worse).
set encoding utf8
set termoption noenhanced
set title @TITLE@ noenhanced
set label 1 @CAPTION@ at screen 0.01, screen 0.02 left font ',8' noenhanced
set bmargin 7
set xlabel 'message size (bytes)' noenhanced
set ylabel 'overhead (%), positive = container worse' noenhanced
set logscale x 2
set xtics (@XTICS@)
@XRANGE@
set grid xtics ytics
set xzeroaxis linetype -1
set key top left box opaque noenhanced
set pointsize 0.8

set terminal pngcairo size 960,640 font 'sans,10' noenhanced
set output @PNG@
plot @DATA@ using 1:(0):5 with filledcurves fillcolor rgb '#8fd18f' fillstyle transparent solid 0.35 title 'allowed overhead (thresholds)', \
     @DATA@ using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#c0392b' title @SERIES@

set terminal svg size 960,640 font 'sans,10' noenhanced
set output @SVG@
replot
unset output
