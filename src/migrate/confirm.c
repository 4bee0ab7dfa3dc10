#include "migrate/confirm.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int wants_confirmation(const struct vg_finding *f)
{
	return f->severity == VG_SEV_ERROR && !f->waived_by && f->section && *f->section;
}

/* The distinct sections behind the error findings, in order. */
static int collect_sections(const struct vg_findings *list, struct vg_mig_set *set)
{
	size_t i, j;

	for (i = 0; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];

		if (!wants_confirmation(f))
			continue;
		for (j = 0; j < set->nr; j++)
			if (!strcmp(set->items[j].section, f->section))
				break;
		if (j == set->nr && !vg_mig_set_add(set, f->section, f->section))
			return -1;
	}
	return 0;
}

/* Mark the sections QEMU will not let a user create as not testable. */
static int mark_uncreatable(const struct vg_mig_opts *opts, struct vg_mig_session *s,
			    struct vg_mig_set *set)
{
	char **names = vg_calloc(set->nr ? set->nr : 1, sizeof(*names)), **reasons = NULL;
	char *why = NULL;
	size_t i;
	int ret = -1;

	if (!names)
		return -1;
	for (i = 0; i < set->nr; i++)
		names[i] = set->items[i].spec;
	if (vg_mig_probe_types(opts, s, opts->dst_qemu, names, set->nr, &reasons, &why) < 0) {
		if (why)
			vg_error("confirm: cannot ask %s which devices a user may create: %s",
				 opts->dst_qemu, why);
		goto done;
	}
	for (i = 0; i < set->nr; i++) {
		struct vg_mig_device *d = &set->items[i];

		if (!reasons[i])
			continue;
		d->verdict = VG_MIG_NOT_TESTABLE;
		if (!(d->message = vg_asprintf("not a device a user can create: %s", reasons[i])))
			goto done;
	}
	ret = 0;
done:
	if (reasons)
		for (i = 0; i < set->nr; i++)
			free(reasons[i]);
	free(reasons);
	free(names);
	free(why);
	return ret;
}

static int annotate(struct vg_finding *f, const struct vg_mig_device *d)
{
	switch (d->verdict) {
	case VG_MIG_FAIL:
		f->confirmed = VG_CONFIRM_YES;
		break;
	case VG_MIG_PASS:
		f->confirmed = VG_CONFIRM_NO;
		return vg_finding_set(&f->confirm_message, "the migration passed");
	case VG_MIG_UNMIGRATABLE:
	case VG_MIG_NOT_TESTABLE:
		f->confirmed = VG_CONFIRM_UNTESTED;
		free(f->confirm_message);
		f->confirm_message = vg_asprintf("%s: %s", vg_mig_verdict_name(d->verdict),
						 d->message ? d->message : "");
		return f->confirm_message ? 0 : -1;
	default:
		return 0;
	}
	return vg_finding_set(&f->confirm_message, d->message);
}

int vg_mig_confirm(const struct vg_mig_opts *opts, struct vg_findings *list,
		   struct vg_mig_set *devices)
{
	struct vg_mig_session s;
	size_t i, j;
	int ret = -1;

	if (collect_sections(list, devices) < 0)
		return -1;
	if (!devices->nr)
		return 0;
	if (vg_mig_session_begin(&s) < 0)
		return -1;
	if (mark_uncreatable(opts, &s, devices) < 0 || vg_mig_run(opts, &s, devices) < 0)
		goto done;
	for (i = 0; i < list->nr; i++) {
		if (!wants_confirmation(&list->items[i]))
			continue;
		for (j = 0; j < devices->nr; j++)
			if (!strcmp(devices->items[j].section, list->items[i].section) &&
			    annotate(&list->items[i], &devices->items[j]) < 0)
				goto done;
	}
	ret = 0;
done:
	vg_mig_session_end(&s);
	return ret;
}
