/*
 * The dlopen() side of repo-git.h.
 */
#define VG_GIT_LOADER
#include "repo-git.h"
#include "util.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#ifndef VG_GIT2_SONAME
#define VG_GIT2_SONAME "libgit2.so"
#endif

struct vg_git_api vg_git;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[512];

static void load_library(void)
{
	void *lib = dlopen(VG_GIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;

	if (!lib) {
		snprintf(load_error, sizeof(load_error), "cannot load libgit2: %s", dlerror());
		return;
	}
#define VG_GIT_RESOLVE(f) \
	if (!missing && !(vg_git.f = (__typeof__(f) *)dlsym(lib, #f))) \
		missing = #f;
	VG_GIT_FUNCTIONS(VG_GIT_RESOLVE)
#undef VG_GIT_RESOLVE
	if (missing) {
		snprintf(load_error, sizeof(load_error),
			 "cannot load libgit2: %s has no %s (built against another version?)",
			 VG_GIT2_SONAME, missing);
		dlclose(lib);
		return;
	}
	/* the library stays loaded until the process ends */
}

int vg_git_load(void)
{
	if (pthread_once(&load_once, load_library))
		return vg_error("cannot load libgit2: pthread_once failed");
	if (load_error[0])
		return vg_error("%s", load_error);
	return 0;
}
