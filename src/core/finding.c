#include "core/finding.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct vg_rule_info rule_table[] = {
#define VG_RULE(e, id, sev, desc) { id, sev, desc },
#include "core/rule-ids.h"
#undef VG_RULE
};

const struct vg_rule_info *vg_rule_info(enum vg_rule rule)
{
	if ((unsigned)rule >= VG_RULE__COUNT)
		return NULL;
	return &rule_table[rule];
}

int vg_rule_by_id(const char *id)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_SIZE(rule_table); i++)
		if (!strcmp(rule_table[i].id, id))
			return (int)i;
	return -1;
}

const char *vg_severity_name(enum vg_severity sev)
{
	switch (sev) {
	case VG_SEV_ERROR:
		return "error";
	case VG_SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

const char *vg_confirm_name(int confirmed)
{
	switch (confirmed) {
	case VG_CONFIRM_YES:
		return "confirmed";
	case VG_CONFIRM_NO:
		return "not reproduced";
	case VG_CONFIRM_UNTESTED:
		return "not tested";
	default:
		return NULL;
	}
}

int vg_finding_set(char **member, const char *s)
{
	char *copy = NULL;

	if (s && !(copy = vg_strdup(s)))
		return -1;
	free(*member);
	*member = copy;
	return 0;
}

struct vg_finding *vg_findings_add(struct vg_findings *list, enum vg_rule rule,
				   const char *section, const char *desc,
				   const char *item, const char *old_value,
				   const char *new_value, const char *fmt, ...)
{
	struct vg_finding *f;
	struct vg_buf msg = VG_BUF_INIT;
	va_list ap;

	if (VG_GROW(list->items, list->alloc, list->nr + 1) < 0)
		return NULL;
	f = &list->items[list->nr];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = rule_table[rule].severity;

	va_start(ap, fmt);
	vg_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f->message = vg_buf_detach(&msg);

	if (!f->message || vg_finding_set(&f->section, section) < 0 ||
	    vg_finding_set(&f->desc, desc) < 0 ||
	    vg_finding_set(&f->item, item) < 0 ||
	    vg_finding_set(&f->old_value, old_value) < 0 ||
	    vg_finding_set(&f->new_value, new_value) < 0) {
		vg_finding_release(f);
		return NULL;
	}
	list->nr++;
	return f;
}

char *vg_finding_path(const struct vg_finding *f)
{
	if (f->desc && f->item)
		return vg_asprintf("%s/%s", f->desc, f->item);
	if (f->desc)
		return vg_strdup(f->desc);
	if (f->item)
		return vg_strdup(f->item);
	return vg_strdup("");
}

size_t vg_findings_count(const struct vg_findings *list, enum vg_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < list->nr; i++)
		if (list->items[i].severity == sev && !list->items[i].waived_by)
			n++;
	return n;
}

size_t vg_findings_waived(const struct vg_findings *list)
{
	size_t i, n = 0;

	for (i = 0; i < list->nr; i++)
		if (list->items[i].waived_by)
			n++;
	return n;
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int finding_same(const struct vg_finding *a, const struct vg_finding *b)
{
	return a->rule == b->rule && a->line == b->line &&
	       !strcmp_null(a->section, b->section) &&
	       !strcmp_null(a->desc, b->desc) &&
	       !strcmp_null(a->item, b->item) &&
	       !strcmp_null(a->file, b->file) &&
	       !strcmp_null(a->commit, b->commit) &&
	       !strcmp_null(a->machine, b->machine);
}

void vg_findings_filter(struct vg_findings *list,
			int (*drop)(const struct vg_finding *f, const struct vg_findings *list,
				    size_t kept, void *payload),
			void *payload)
{
	size_t i, out = 0;

	for (i = 0; i < list->nr; i++) {
		if (drop(&list->items[i], list, out, payload)) {
			vg_finding_release(&list->items[i]);
			continue;
		}
		if (out != i)
			list->items[out] = list->items[i];
		out++;
	}
	list->nr = out;
}

static int seen_before(const struct vg_finding *f, const struct vg_findings *list,
		       size_t kept, void *payload)
{
	size_t j;

	(void)payload;
	for (j = 0; j < kept; j++)
		if (finding_same(&list->items[j], f))
			return 1;
	return 0;
}

void vg_findings_dedup(struct vg_findings *list)
{
	vg_findings_filter(list, seen_before, NULL);
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct vg_finding *a = pa, *b = pb;
	int c;

	if ((c = strcmp_null(a->commit, b->commit)))
		return c;
	if ((c = strcmp_null(a->file, b->file)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if ((c = strcmp_null(a->section, b->section)))
		return c;
	if ((c = strcmp_null(a->desc, b->desc)))
		return c;
	if ((c = strcmp_null(a->item, b->item)))
		return c;
	return (int)a->rule - (int)b->rule;
}

void vg_findings_sort(struct vg_findings *list)
{
	if (list->nr > 1)
		qsort(list->items, list->nr, sizeof(*list->items), finding_cmp);
}

int vg_findings_splice(struct vg_findings *dst, struct vg_findings *src)
{
	if (VG_GROW(dst->items, dst->alloc, dst->nr + src->nr) < 0)
		return -1;
	if (src->nr)
		memcpy(dst->items + dst->nr, src->items, src->nr * sizeof(*src->items));
	dst->nr += src->nr;
	dst->sections_compared += src->sections_compared;
	dst->descriptions_compared += src->descriptions_compared;
	dst->files_scanned += src->files_scanned;
	dst->commits_checked += src->commits_checked;
	free(src->items);
	src->items = NULL;
	src->nr = src->alloc = 0;
	src->sections_compared = src->descriptions_compared = 0;
	src->files_scanned = src->commits_checked = 0;
	return 0;
}

void vg_finding_release(struct vg_finding *f)
{
	free(f->section);
	free(f->desc);
	free(f->item);
	free(f->old_value);
	free(f->new_value);
	free(f->message);
	free(f->file);
	free(f->old_file);
	free(f->commit);
	free(f->machine);
	free(f->waived_by);
	free(f->waiver_reason);
	free(f->confirm_message);
	memset(f, 0, sizeof(*f));
}

void vg_findings_release(struct vg_findings *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		vg_finding_release(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}
