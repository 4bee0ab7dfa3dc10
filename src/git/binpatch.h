/*
 * Checks the "GIT binary patch" hunks of a diff before libgit2 sees them:
 * Debian's libgit2 1.5 loops forever on a truncated zlib stream.
 */
#ifndef VG_GIT_BINPATCH_H
#define VG_GIT_BINPATCH_H

#include <stddef.h>

/*
 * 0 when every binary hunk of PATCH decodes (base85 lines of the declared
 * lengths) and inflates to exactly its declared size, 1 when one does not,
 * with *why (newly allocated: "line N: what") set, -1 on an internal error.
 */
int vg_binpatch_check(const char *patch, size_t len, char **why);

#endif
