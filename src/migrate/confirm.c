#include "migrate/confirm.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int wants_confirmation(const struct vg_finding *f)
{
	return f->severity == VG_SEV_ERROR && !f->waived_by && f->section && *f->section;
}

static size_t section_is_device(const struct vg_finding *f, const char **out, size_t max,
				const char **why, void *payload)
{
	(void)payload;
	(void)why;
	if (!max)
		return 0;
	out[0] = f->section;
	return 1;
}

struct mapping {
	vg_mig_devices_fn devices_of;
	void *payload;
};

/* The distinct devices behind the error findings, in order. */
static int collect_devices(const struct vg_findings *list, const struct mapping *map,
			   struct vg_mig_set *set)
{
	const char *names[VG_MIG_CONFIRM_MAX], *why;
	size_t i, j, k, n;

	for (i = 0; i < list->nr; i++) {
		if (!wants_confirmation(&list->items[i]))
			continue;
		why = NULL;
		n = map->devices_of(&list->items[i], names, VG_MIG_CONFIRM_MAX, &why,
				    map->payload);
		for (k = 0; k < n; k++) {
			for (j = 0; j < set->nr; j++)
				if (!strcmp(set->items[j].spec, names[k]))
					break;
			if (j == set->nr && !vg_mig_set_add(set, names[k], names[k]))
				return -1;
		}
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

/* How much a device's verdict says: a failure says most. */
static int weight(enum vg_mig_verdict v)
{
	switch (v) {
	case VG_MIG_FAIL:
		return 3;
	case VG_MIG_PASS:
		return 2;
	case VG_MIG_UNMIGRATABLE:
	case VG_MIG_NOT_TESTABLE:
		return 1;
	default:
		return 0;
	}
}

static int set_message(struct vg_finding *f, const struct vg_mig_device *d, int name_it,
		       const char *msg)
{
	free(f->confirm_message);
	f->confirm_message = name_it ? vg_asprintf("%s: %s", d->spec, msg) : vg_strdup(msg);
	return f->confirm_message ? 0 : -1;
}

/* Mark f from the device that says most; name it when it is not the section. */
static int annotate(struct vg_finding *f, const struct vg_mig_device *d, int name_it)
{
	char *msg;
	int r;

	switch (d->verdict) {
	case VG_MIG_FAIL:
		f->confirmed = VG_CONFIRM_YES;
		if (!d->message && !name_it) {
			free(f->confirm_message);
			f->confirm_message = NULL;
			return 0;
		}
		return set_message(f, d, name_it, d->message ? d->message : "the migration failed");
	case VG_MIG_PASS:
		f->confirmed = VG_CONFIRM_NO;
		return set_message(f, d, name_it, "the migration passed");
	case VG_MIG_UNMIGRATABLE:
	case VG_MIG_NOT_TESTABLE:
		f->confirmed = VG_CONFIRM_UNTESTED;
		if (!(msg = vg_asprintf("%s: %s", vg_mig_verdict_name(d->verdict),
					d->message ? d->message : "")))
			return -1;
		r = set_message(f, d, name_it, msg);
		free(msg);
		return r;
	default:
		return 0;
	}
}

static const struct vg_mig_device *find_device(const struct vg_mig_set *set, const char *spec)
{
	size_t j;

	for (j = 0; j < set->nr; j++)
		if (!strcmp(set->items[j].spec, spec))
			return &set->items[j];
	return NULL;
}

static int annotate_all(struct vg_findings *list, const struct mapping *map,
			const struct vg_mig_set *set)
{
	const char *names[VG_MIG_CONFIRM_MAX], *why;
	const struct vg_mig_device *d, *best;
	size_t i, k, n;

	for (i = 0; i < list->nr; i++) {
		struct vg_finding *f = &list->items[i];

		if (!wants_confirmation(f))
			continue;
		why = NULL;
		n = map->devices_of(f, names, VG_MIG_CONFIRM_MAX, &why, map->payload);
		if (!n && why) {
			f->confirmed = VG_CONFIRM_UNTESTED;
			if (vg_finding_set(&f->confirm_message, why) < 0)
				return -1;
			continue;
		}
		for (best = NULL, k = 0; k < n; k++)
			if ((d = find_device(set, names[k])) &&
			    (!best || weight(d->verdict) > weight(best->verdict)))
				best = d;
		if (best && annotate(f, best, n > 1 || strcmp(best->spec, f->section)) < 0)
			return -1;
	}
	return 0;
}

int vg_mig_confirm_by(const struct vg_mig_opts *opts, struct vg_findings *list,
		      vg_mig_devices_fn devices_of, void *payload, struct vg_mig_set *devices)
{
	struct mapping map = { devices_of, payload };
	struct vg_mig_session s;
	int ret = -1;

	if (collect_devices(list, &map, devices) < 0)
		return -1;
	if (devices->nr) {
		if (vg_mig_session_begin(&s) < 0)
			return -1;
		ret = mark_uncreatable(opts, &s, devices);
		if (!ret)
			ret = vg_mig_run(opts, &s, devices);
		vg_mig_session_end(&s);
		if (ret < 0)
			return -1;
	}
	return annotate_all(list, &map, devices);
}

int vg_mig_confirm(const struct vg_mig_opts *opts, struct vg_findings *list,
		   struct vg_mig_set *devices)
{
	return vg_mig_confirm_by(opts, list, section_is_device, NULL, devices);
}
