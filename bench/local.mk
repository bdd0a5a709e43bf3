# bench: see README.md
