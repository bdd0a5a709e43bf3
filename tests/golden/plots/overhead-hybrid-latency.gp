# parity figure template: overhead of one series against native for one
# kernel and metric, with its 95% bootstrap interval, over the band of
# allowed overhead from the thresholds (positive = container worse).
set encoding utf8
set termoption noenhanced
set title 'overhead of hybrid vs native: latency, campaign demo' noenhanced
set label 1 'host node01 | mpich 4.0.2 | runtime charliecloud, image /images/mpich-<script>alert(1)</script>.sqfs (sha256 5e1f5e1f5e1f) | 2 ranks, placement intra, launcher mpiexec' at screen 0.01, screen 0.02 left font ',8' noenhanced
set bmargin 7
set xlabel 'message size (bytes)' noenhanced
set ylabel 'overhead (%), positive = container worse' noenhanced
set logscale x 2
set xtics ('1' 1, '4' 4, '16' 16, '64' 64, '256' 256, '1K' 1024, '4K' 4096, '16K' 16384, '64K' 65536, '256K' 262144, '1M' 1048576)
set autoscale x
set grid xtics ytics
set xzeroaxis linetype -1
set key top left box opaque noenhanced
set pointsize 0.8

set terminal pngcairo size 960,640 font 'sans,10' noenhanced
set output 'overhead-hybrid-latency.png'
plot 'overhead-hybrid-latency.dat' using 1:(0):5 with filledcurves fillcolor rgb '#8fd18f' fillstyle transparent solid 0.35 title 'allowed overhead (thresholds)', \
     'overhead-hybrid-latency.dat' using 1:2:3:4 with yerrorlines linewidth 2 pointtype 7 linecolor rgb '#c0392b' title 'hybrid'

set terminal svg size 960,640 font 'sans,10' noenhanced
set output 'overhead-hybrid-latency.svg'
replot
unset output
