#ifndef VG_EXITCODE_H
#define VG_EXITCODE_H

/* Exit status of every command; documented in README and vmstate-gate(1). */
enum vg_exit {
	VG_EXIT_OK = 0,        /* nothing breaks, or every break is waived */
	VG_EXIT_BREAKS = 1,    /* unwaived errors were found */
	VG_EXIT_USAGE = 2,     /* bad usage or bad input (file and line said) */
	VG_EXIT_INTERNAL = 3,  /* internal error, or no baseline to compare with */
};

#endif
