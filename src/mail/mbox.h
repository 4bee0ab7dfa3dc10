/*
 * A patch series as git format-patch or a mail archive writes it (mbox,
 * or one message), split into patches the way git am reads them.
 */
#ifndef VG_MBOX_H
#define VG_MBOX_H

#include <stddef.h>

/* One patch of the series; pointers into the input buffer unless noted. */
struct vg_mbox_patch {
	unsigned nr, total;     /* 2 of 3 (from "[PATCH 2/3]", else its place) */
	char *tag;              /* "[PATCH 2/3]" (newly allocated) */
	char *title;            /* the subject without the tag (newly allocated) */
	char *message;          /* title, blank line, body (newly allocated) */
	char *label;            /* "patch 2/3": the findings' commit (newly allocated) */
	char *decoded;          /* the body undone from its transfer encoding, or NULL */
	const char *diff;       /* in the input buffer, or in decoded */
	size_t diff_len;
	unsigned version;       /* N of "vN" in the tag, else 1 */
	int reply;              /* the subject starts "Re:" */
	char *message_id;       /* without <>, "" when none (newly allocated) */
	char *root;             /* the thread's root message id, "" when none (same) */
};

struct vg_mbox_series {
	struct vg_mbox_patch *items;
	size_t nr, alloc;
	char **skipped;         /* messages skipped, no diff (replies): their subjects */
	size_t nr_skipped, alloc_skipped;
	char *text;             /* the input without CRs, when it had CRLF lines */
};

#define VG_MBOX_SERIES_INIT { NULL, 0, 0, NULL, 0, 0, NULL }

/*
 * Split buf (len bytes, kept alive by the caller while the series is
 * used) into its patches: a cover letter is left out, every other message
 * must carry a diff. Returns 0, or -1 after an error naming the message.
 */
int vg_mbox_parse(const char *buf, size_t len, struct vg_mbox_series *s);

/*
 * The versioned machine types a message names ("pc-q35-7.2, virt-9.0"),
 * each once, in order; newly allocated, or NULL when it names none.
 */
char *vg_mbox_machine_types(const char *text);

void vg_mbox_release(struct vg_mbox_series *s);

#endif
