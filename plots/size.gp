# parity figure template: one metric against message size, one curve per
# series; points are the median over repetitions of each run's median, bars
# span the fastest and slowest repetition. parity fills in the @NAME@ fields
# (strings arrive quoted for gnuplot) and runs this with the plots folder as
# the working directory.
set encoding utf8
set termoption noenhanced
set title @TITLE@ noenhanced
set label 1 @CAPTION@ at screen 0.01, screen 0.02 left font ',8' noenhanced
set bmargin 7
set xlabel 'message size (bytes)' noenhanced
set ylabel @YLABEL@ noenhanced
set logscale x 2
set xtics (@XTICS@)
@XRANGE@
@YSCALE@
set grid xtics ytics
set key @KEY@ box opaque noenhanced
set style data yerrorlines
set pointsize 0.8

set terminal pngcairo size 960,640 font 'sans,10' noenhanced
set output @PNG@
plot @PLOT@

set terminal svg size 960,640 font 'sans,10' noenhanced
set output @SVG@
replot
unset output
