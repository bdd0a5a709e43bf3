# parity figure template: one metric against message size, one curve per
# series; points are the median over repetitions of each run's median, bars
# span the fastest and slowest repetition. parity fills in the @NAME@ fields
# (strings arrive quoted for gnuplot) and runs this with the plots folder as
# the working directory.
set encoding utf8
set termoption noenhanced
set title 'allreduce: latency vs message size, campaign demo' noenhanced
set label 1 'host node01 | mpich 4.0.2 | runtime charliecloud, image /images/mpich-<script>alert(1)</script>.sqfs (sha256 5e1f5e1f5e1f) | 2 ranks, placement intra, launcher mpiexec' at screen 0.01, screen 0.02 left font ',8' noenhanced
set bmargin 7
set xlabel 'message size (bytes)' noenhanced
set ylabel 'latency (us)' noenhanced
set logscale x 2
set xtics ('4' 4, '16' 16, '64' 64, '256' 256, '1K' 1024, '4K' 4096, '16K' 16384, '64K' 65536, '256K' 262144, '1M' 1048576)
set autoscale x
set logscale y 10
set grid xtics ytics
set key top left box opaque noenhanced
set style data yerrorlines
set pointsize 0.8

set terminal pngcairo size 960,640 font 'sans,10' noenhanced
set output 'allreduce.png'
plot 'allreduce.dat' index 0 using 1:2:3:4 linewidth 2 pointtype 7 title 'native', \
     'allreduce.dat' index 1 using 1:2:3:4 linewidth 2 pointtype 7 title 'hybrid', \
     'allreduce.dat' index 2 using 1:2:3:4 linewidth 2 pointtype 7 title 'bind'

set terminal svg size 960,640 font 'sans,10' noenhanced
set output 'allreduce.svg'
replot
unset output
