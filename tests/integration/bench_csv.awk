# bench_csv.awk: print the fields of a CSV file (RFC 4180 quoting, as libcsv
# writes it) one record per line, separated by the tab character, so shell
# tests can cut columns by name. Sourced by the parity-bench tests.
function flush_record() { print rec; rec = ""; nf = 0 }
{
	line = $0
	if (inq) { field = field "\n" } else { field = "" }
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (inq) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { field = field "\""; i++ }
				else inq = 0
			} else field = field c
		} else if (c == "\"") inq = 1
		else if (c == ",") { rec = (nf++ ? rec "\t" : "") field; field = "" }
		else field = field c
	}
	if (!inq) { rec = (nf++ ? rec "\t" : "") field; flush_record() }
}
