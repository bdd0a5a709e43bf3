# plots: see README.md
