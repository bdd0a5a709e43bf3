# harness: see README.md
