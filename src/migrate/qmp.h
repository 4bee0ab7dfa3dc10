#ifndef VG_MIGRATE_QMP_H
#define VG_MIGRATE_QMP_H

#include <stddef.h>
#include <cJSON.h>

#include "migrate/proc.h"

/*
 * A QMP client over a unix socket: one JSON object per line, read with a
 * bound (VG_QMP_MAX_LINE) and a deadline; malformed or oversized input is
 * an error reported in a vg_why, never a crash.  Events met while waiting
 * for a reply are kept only as the last MIGRATION status.
 */

#define VG_QMP_MAX_LINE (1u << 20)

enum vg_qmp_kind {
	VG_QMP_GREETING,   /* {"QMP": {...}} */
	VG_QMP_RETURN,     /* {"return": ...} */
	VG_QMP_ERROR,      /* {"error": {"class", "desc"}} */
	VG_QMP_EVENT,      /* {"event": "NAME", "data": ...} */
};

/*
 * Parse one QMP message (len bytes, need not be NUL-terminated). Returns 0
 * with *out (owned by the caller, cJSON_Delete()) and *kind, or -1 with
 * the reason in why (invalid JSON, not an object, no known key).
 */
int vg_qmp_parse(const char *text, size_t len, cJSON **out, enum vg_qmp_kind *kind,
		 struct vg_why *why);

struct vg_qmp {
	int fd;                   /* -1: not connected */
	const char *who;          /* "the destination" (messages) */
	char *buf;                /* bytes read, not yet a whole line */
	size_t len, alloc;
	char migration[32];       /* last MIGRATION event's status, or "" */
	int closed;               /* the peer closed the connection */
};
#define VG_QMP_INIT(who) { -1, (who), NULL, 0, 0, "", 0 }
void vg_qmp_release(struct vg_qmp *q);

/* Use an already-connected fd (tests: one end of a socketpair). */
void vg_qmp_attach(struct vg_qmp *q, int fd);

/*
 * Connect to path until the deadline, retrying while the socket is not
 * there yet. If proc is given and exits meanwhile, fail at once (why says
 * so; *proc_exited is set). Returns 0 or -1.
 */
int vg_qmp_connect(struct vg_qmp *q, const char *path, struct vg_proc *proc,
		   int *proc_exited, double deadline, struct vg_why *why);

/* Read the next message, waiting until the deadline. */
int vg_qmp_read(struct vg_qmp *q, double deadline, cJSON **out, enum vg_qmp_kind *kind,
		struct vg_why *why);

/* Read the greeting and negotiate (qmp_capabilities). */
int vg_qmp_handshake(struct vg_qmp *q, double deadline, struct vg_why *why);

/*
 * Run a command; args is a JSON object text or NULL. On success *ret (if
 * not NULL) gets the "return" value (caller deletes). A QMP error reply is
 * -1 with "CMD: DESC" in why.
 */
int vg_qmp_command(struct vg_qmp *q, const char *cmd, const char *args, double deadline,
		   cJSON **ret, struct vg_why *why);

#endif
