/*
 * Sections an earlier commit of the cycle already broke against the
 * release. A section the parent already makes incompatible with the
 * baseline (a raised minimum_version_id, a field removed, ...) cannot be
 * broken again by a later commit: its errors against the release are not
 * this change's. They are dropped, and one info finding per section says
 * so and names the earlier commit, so a reviewer still sees that the wire
 * format changed again.
 */
#include "git/gate-internal.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Past this many first-parent commits the search for the commit gives up. */
#define BROKEN_MAX_WALK 100000

/*
 * Errors after which the release can no longer load the section at all:
 * the section's own versions or name, or its field stream (its fields and
 * nested structs). Not a subsection's (its name has a '/'): a subsection
 * is only sent when needed() says so.
 */
static int breaks_section(const struct vg_finding *f)
{
	if (f->severity != VG_SEV_ERROR || !f->section || (f->desc && strchr(f->desc, '/')))
		return 0;
	switch (f->rule) {
	case VG_RULE_VERSION_LOWERED:
	case VG_RULE_MINIMUM_VERSION_RAISED:
	case VG_RULE_SECTION_RENAMED:
		return !f->item;
	case VG_RULE_FIELD_REMOVED:
	case VG_RULE_FIELD_ADDED:
	case VG_RULE_FIELD_INSERTED:
	case VG_RULE_FIELD_SIZE_CHANGED:
	case VG_RULE_DESCRIPTION_MISSING:
		return 1;
	default:
		return 0;
	}
}

static int section_broken(const struct vg_findings *l, const char *section)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (breaks_section(&l->items[i]) && !strcmp(l->items[i].section, section))
			return 1;
	return 0;
}

/* Does the file at path in commit id, against the baseline, break section? */
static int broken_at(struct judge *j, const struct vg_oid *id, const char *base_path,
		     const char *base_text, size_t base_len, const struct hside *base_hs,
		     const char *path, const char *section)
{
	struct vg_tree *t = NULL;
	struct vg_oid blob;
	struct hside hs = HSIDE_INIT;
	struct vg_findings l = VG_FINDINGS_INIT;
	char *text = NULL;
	size_t len = 0;
	int r, ret = -1;

	if (vg_tree_of_commit(j->g->repo, id, &t) < 0 || (r = vg_tree_blob_id(t, path, &blob)) < 0)
		goto done;
	if (!r) {
		ret = 0;
		goto done;
	}
	if (vg_repo_read_blob(j->g->repo, &blob, &text, &len) < 0 ||
	    vg_gate_hside_build(j->g, t, path, text, len, &hs) < 0 ||
	    vg_gate_source_diff(j, base_path, base_text, base_len, base_hs, path, text, len, &hs,
				&l) < 0)
		goto done;
	ret = section_broken(&l, section);
done:
	vg_findings_release(&l);
	vg_gate_hside_release(&hs);
	free(text);
	vg_tree_free(t);
	return ret;
}

/*
 * The oldest commit on the parent's first-parent line since the baseline
 * from which on the section is broken (bisection: once broken, it stays).
 * hex gets it, or "" when it cannot be told.
 */
struct broken_ctx {
	struct judge *j;
	const char *base_path, *base_text;
	size_t base_len;
	const struct hside *base_hs;
	const char *path, *section;
};

static int broken_at_commit(const struct vg_oid *id, void *ctx)
{
	const struct broken_ctx *b = ctx;

	return broken_at(b->j, id, b->base_path, b->base_text, b->base_len, b->base_hs, b->path,
			 b->section);
}

static int find_breaker(struct judge *j, const char *base_path, const char *base_text,
			size_t base_len, const struct hside *base_hs, const char *path,
			const char *section, char hex[VG_OID_HEXSZ + 1])
{
	struct broken_ctx b = { j, base_path, base_text, base_len, base_hs, path, section };
	struct vg_oid first;
	int r;

	hex[0] = '\0';
	if (!j->parent_id || !j->base_id)
		return 0;
	/* the parent is broken, the baseline is not: the first broken commit */
	r = vg_gate_bisect_line(j->g, j->parent_id, j->base_id, BROKEN_MAX_WALK,
				broken_at_commit, &b, &first, NULL);
	if (r > 0)
		vg_oid_hex(&first, hex);
	return r < 0 ? -1 : 0;
}

/* The memo of find_breaker(), by (baseline, path, section). */
static const char *breaker(struct judge *j, const char *base_path, const char *base_text,
			   size_t base_len, const struct hside *base_hs, const char *path,
			   const char *section)
{
	struct vg_gate *g = j->g;
	struct broken *b;
	size_t i;

	for (i = 0; i < g->nr_broken; i++) {
		b = &g->broken[i];
		if (vg_oid_equal(&b->base, j->base_id) && !strcmp(b->path, path) &&
		    !strcmp(b->section, section))
			return b->commit;
	}
	if (VG_GROW(g->broken, g->alloc_broken, g->nr_broken + 1) < 0)
		return NULL;
	b = &g->broken[g->nr_broken];
	memset(b, 0, sizeof(*b));
	b->base = *j->base_id;
	if (!(b->path = vg_strdup(path)) || !(b->section = vg_strdup(section)) ||
	    find_breaker(j, base_path, base_text, base_len, base_hs, path, section,
			 b->commit) < 0) {
		free(b->path);
		free(b->section);
		return NULL;
	}
	g->nr_broken++;
	return b->commit;
}

void vg_gate_broken_release(struct vg_gate *g)
{
	size_t i;

	for (i = 0; i < g->nr_broken; i++) {
		free(g->broken[i].path);
		free(g->broken[i].section);
	}
	free(g->broken);
	g->broken = NULL;
	g->nr_broken = g->alloc_broken = 0;
}

static int listed(char **list, size_t nr, const char *s)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

struct drop_ctx {
	char **sections;
	size_t nr;
};

/* The errors of an already broken section (a clash with itself stays). */
static int in_broken(const struct vg_finding *f, const struct vg_findings *list, size_t kept,
		     void *payload)
{
	const struct drop_ctx *d = payload;

	(void)list;
	(void)kept;
	return f->severity == VG_SEV_ERROR && f->rule != VG_RULE_SUBSECTION_DUPLICATE &&
	       f->section && listed(d->sections, d->nr, f->section);
}

int vg_gate_already_broken(struct judge *j, const char *base_path, const char *base_text,
			   size_t base_len, const struct hside *base_hs,
			   const char *old_path, const char *old_text, size_t old_len,
			   const struct hside *old_hs, const char *new_path,
			   const char *new_text, size_t new_len, const struct hside *new_hs,
			   const struct vg_findings *before, struct vg_findings *after)
{
	struct vg_findings direct = VG_FINDINGS_INIT;
	char **sections = NULL;
	size_t nr = 0, alloc = 0, i;
	int ret = -1;

	for (i = 0; i < before->nr && !breaks_section(&before->items[i]); i++)
		;
	if (i == before->nr)
		return 0;
	/* The sections the parent already broke that this change touches. */
	for (i = 0; i < after->nr; i++) {
		const struct vg_finding *f = &after->items[i];

		if (f->severity == VG_SEV_ERROR && f->rule != VG_RULE_SUBSECTION_DUPLICATE &&
		    f->section && section_broken(before, f->section) &&
		    !listed(sections, nr, f->section)) {
			if (VG_GROW(sections, alloc, nr + 1) < 0)
				goto done;
			sections[nr++] = f->section;
		}
	}
	if (old_text && new_text &&
	    vg_gate_source_diff(j, old_path, old_text, old_len, old_hs, new_path, new_text,
				new_len, new_hs, &direct) < 0)
		goto done;
	for (i = 0; i < direct.nr; i++) {
		const struct vg_finding *f = &direct.items[i];

		if (f->severity != VG_SEV_INFO && f->section && section_broken(before, f->section) &&
		    !listed(sections, nr, f->section)) {
			if (VG_GROW(sections, alloc, nr + 1) < 0)
				goto done;
			sections[nr++] = f->section;
		}
	}
	if (!nr) {
		ret = 0;
		goto done;
	}
	/* Copies: the findings that hold the names are dropped below. */
	for (i = 0; i < nr; i++) {
		char *d = vg_strdup(sections[i]);
		size_t k;

		if (!d) {
			for (k = i; k < nr; k++)
				sections[k] = NULL;
			goto copies;
		}
		sections[i] = d;
	}
	{
		struct drop_ctx d = { sections, nr };

		vg_findings_filter(after, in_broken, &d);
	}
	for (i = 0; i < nr; i++) {
		const char *c = breaker(j, base_path, base_text, base_len, base_hs,
					old_path ? old_path : base_path, sections[i]);
		const char *rel = j->g->stats.baseline ? j->g->stats.baseline : "the baseline";
		struct vg_finding *f;

		if (!c)
			goto copies;
		if (*c)
			f = vg_findings_add(after, VG_RULE_ALREADY_INCOMPATIBLE, sections[i],
					    sections[i], NULL, NULL, c,
					    "section '%s' is already incompatible with %s since "
					    "%.12s: this change alters its wire format again but adds "
					    "no break against the release", sections[i], rel, c);
		else
			f = vg_findings_add(after, VG_RULE_ALREADY_INCOMPATIBLE, sections[i],
					    sections[i], NULL, NULL, NULL,
					    "section '%s' is already incompatible with %s since an "
					    "earlier commit: this change alters its wire format again "
					    "but adds no break against the release", sections[i], rel);
		if (!f || vg_finding_set(&f->file, new_path ? new_path : old_path) < 0)
			goto copies;
	}
	ret = 0;
copies:
	for (i = 0; i < nr; i++)
		free(sections[i]);
done:
	free(sections);
	vg_findings_release(&direct);
	return ret;
}

/* An error of a section that list says an earlier commit already broke. */
static int broken_earlier(const struct vg_finding *f, const struct vg_findings *kept_list,
			  size_t kept, void *payload)
{
	const struct vg_findings *list = payload;
	size_t i;

	(void)kept_list;
	(void)kept;
	if (f->severity != VG_SEV_ERROR || f->rule == VG_RULE_SUBSECTION_DUPLICATE || !f->section)
		return 0;
	for (i = 0; i < list->nr; i++)
		if (list->items[i].rule == VG_RULE_ALREADY_INCOMPATIBLE && list->items[i].section &&
		    !strcmp(list->items[i].section, f->section))
			return 1;
	return 0;
}

void vg_gate_drop_already_broken(struct vg_findings *whole, const struct vg_findings *list)
{
	vg_findings_filter(whole, broken_earlier, (void *)list);
}
