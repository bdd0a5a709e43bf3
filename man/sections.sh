#!/bin/sh
# sections.sh: the parts of the man pages that help2man cannot derive from one --help, printed
# as a help2man include file (man/local.mk runs it at build time, so the pages follow the
# programs' option tables and kernel list whenever those change).
#
#   sections.sh subcommands PARITY HELP2MAN   [SUBCOMMANDS]: for every subcommand that
#                                             `PARITY --help` lists, its summary line and its
#                                             own `PARITY SUB --help`, formatted by help2man
#   sections.sh kernels PARITY_BENCH          [KERNELS]: `PARITY_BENCH --list`, one entry each
#
# Fails (exit 1) when a listed subcommand has no --help or when a list comes out empty.
set -eu

# roff_text: escape a line of plain text for roff (backslashes, leading dot and quote, hyphens).
roff_text() {
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/"
}

# include_safe: help2man reads a line of the include file that is only "[WORD]" as a new
# section and "/RE/" as a pattern: guard lines that start with either with a roff \&.
include_safe() {
	sed -e 's/^\[/\\\&[/' -e 's/^\//\\\&\//'
}

# subcommand_list PARITY: "NAME<TAB>summary" for every indented "NAME  summary" line of
# `PARITY --help` (the command table; option lines start with '-' and are not taken).
subcommand_list() {
	"$1" --help | sed -n 's/^[[:space:]]\{1,8\}\([a-z][a-z0-9_-]*\)[[:space:]][[:space:]]*\([^[:space:]-].*\)$/\1	\2/p'
}

subcommands() {
	parity=$1 help2man=$2
	list=$(subcommand_list "$parity")
	[ -n "$list" ] || { echo "sections.sh: no subcommands found in '$parity --help'" >&2; exit 1; }
	echo '[SUBCOMMANDS]'
	printf '%s\n' 'Every subcommand takes \fB\-\-help\fR; what follows is that text, for this build.'
	tab=$(printf '\t')
	printf '%s\n' "$list" | while IFS=$tab read -r name summary; do
		"$parity" "$name" --help >/dev/null 2>&1 ||
			{ echo "sections.sh: '$parity $name --help' fails" >&2; exit 1; }
		printf '.SS "parity %s"\n' "$name"
		printf '%s\n' "$summary" | roff_text | include_safe
		echo '.PP'
		# help2man formats the subcommand's help like a whole page; keep its DESCRIPTION on,
		# with its own subsections (e.g. "options:") as plain paragraphs under this one. A
		# current value that is a UTC time stamp (the default campaign name) is only the
		# time the page was built: it is dropped.
		page=$("$help2man" --no-info --version-string=0 --help-option="$name --help" "$parity")
		printf '%s\n' "$page" |
			sed -e '1,/^\.SH DESCRIPTION/d' -e 's/^\.SH .*/.PP/' -e 's/^\.SS "\(.*\)"$/.PP\n\1/' \
			    -e 's/ \[[^] ]*[0-9]\{8\}T[0-9]\{6\}Z\]//g' |
			include_safe
	done
}

kernels() {
	bench=$1
	list=$("$bench" --list)
	[ -n "$list" ] || { echo "sections.sh: '$bench --list' printed nothing" >&2; exit 1; }
	echo '[KERNELS]'
	printf '%s\n' 'The kernels of this build, as \fBparity\-bench \-\-list\fR prints them (name, class, unit, what one iteration does):'
	printf '%s\n' "$list" | while read -r name class unit text; do
		printf '.TP\n.B %s\n' "$(printf '%s' "$name" | roff_text)"
		printf '%s, %s: %s\n' "$class" "$unit" "$text" | roff_text | include_safe
	done
}

case ${1-} in
subcommands) [ $# -eq 3 ] || { echo "usage: sections.sh subcommands PARITY HELP2MAN" >&2; exit 2; }
	subcommands "$2" "$3" ;;
kernels) [ $# -eq 2 ] || { echo "usage: sections.sh kernels PARITY_BENCH" >&2; exit 2; }
	kernels "$2" ;;
*) echo "usage: sections.sh subcommands PARITY HELP2MAN | kernels PARITY_BENCH" >&2; exit 2 ;;
esac
