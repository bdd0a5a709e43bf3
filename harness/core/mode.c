#include "mode.h"

#include <string.h>

#define MODE_NAME(id, name, desc) name,
static const char *const mode_name_table[MODE_COUNT] = { MODE_LIST(MODE_NAME) };
#undef MODE_NAME

const char *mode_name(enum mode_id m)
{
	return (unsigned)m < MODE_COUNT ? mode_name_table[m] : "?";
}

int mode_find(const char *name)
{
	size_t i;

	for (i = 0; i < MODE_COUNT; i++)
		if (strcmp(name, mode_name_table[i]) == 0)
			return (int)i;
	if (strcmp(name, "container_only") == 0)
		return MODE_container_only;
	return -1;
}

/* ", native, hybrid, ...": every name after a separator; skip the first. */
#define MODE_LISTED(id, name, desc) ", " name
static const char mode_all[] = MODE_LIST(MODE_LISTED);
#undef MODE_LISTED

const char *mode_names(void)
{
	return mode_all + 2;
}
