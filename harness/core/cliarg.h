/* cliarg: option values in both spellings, "--name=value" and "--name value". */
#ifndef PARITY_CLIARG_H
#define PARITY_CLIARG_H

/* The value of option name at argv[*i], or NULL when argv[*i] is not that
 * option. For "--name value" *i is advanced past the value; when the value
 * is missing, *missing is set to 1 and NULL returned. */
const char *cliarg_value(const char *name, int argc, char **argv, int *i, int *missing);

#endif
