# Helpers for the parity run tests (sourced): read runs.csv columns by name
# with quoted fields (Open MPI's version string holds commas). One record per
# line, which holds for the files parity writes.

# The awk program: split_csv honours quotes and doubled quotes.
RUNS_CSV_AWK='
function split_csv(line, out,    n, i, c, f, q) {
	n = 0; f = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0 }
			else f = f c
		} else if (c == "\"") q = 1
		else if (c == ",") { out[++n] = f; f = "" }
		else f = f c
	}
	out[++n] = f
	return n
}
NR == 1 { n = split_csv($0, h); for (i = 1; i <= n; i++) { if (h[i] == name) c = i; if (h[i] == wname) wc = i }
	  if (!c && name != "") exit 2; next }
{ n = split_csv($0, v); if (nf) { print n; next } if (wname == "" || v[wc] == want) print v[c] }'

# csv_col NAME FILE [WHERE_COL WHERE_VALUE]: the values of column NAME, one per
# data row (only rows whose WHERE_COL is WHERE_VALUE).
csv_col() { awk -v name="$1" -v wname="${3:-}" -v want="${4:-}" "$RUNS_CSV_AWK" "$2"; }
# csv_nfields FILE: the distinct field counts of the data rows.
csv_nfields() { awk -v nf=1 -v name= "$RUNS_CSV_AWK" "$1" | sort -u; }
