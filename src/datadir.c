// SPDX-License-Identifier: GPL-2.0-only
/* Lookup of the data directory: semantic patches, wrappers and profiles. */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kbackport.h"
#include "usage.h"

#ifndef KBP_DATADIR
#define KBP_DATADIR "/usr/local/share/kbackport"
#endif

static bool has_backports(const char *dir)
{
	char *path = xasprintf("%s/backports", dir);
	struct stat st;
	bool ret = stat(path, &st) == 0 && S_ISDIR(st.st_mode);

	free(path);
	return ret;
}

/*
 * Find the folder that contains cocci/ and backports/: $KBACKPORT_DATADIR,
 * then the folder of the running binary (a build tree), then the installed
 * data directory.
 */
const char *kbp_datadir(void)
{
	static char *dir;
	char exe[PATH_MAX];
	ssize_t n;

	if (dir)
		return dir;

	if (getenv("KBACKPORT_DATADIR") && *getenv("KBACKPORT_DATADIR")) {
		dir = xstrdup(getenv("KBACKPORT_DATADIR"));
		return dir;
	}

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			if (has_backports(exe)) {
				dir = xstrdup(exe);
				return dir;
			}
		}
	}

	dir = xstrdup(KBP_DATADIR);
	return dir;
}
