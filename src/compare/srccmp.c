/*
 * Source-level comparison of two versions of a file. See srccmp.h.
 */
#include "compare/srccmp.h"
#include "compare/compare.h"
#include "core/macros.h"
#include "core/rules.h"
#include "core/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vg_srccmp_relevant(const char *buf, size_t len)
{
	return vg_scan_uses_vmstate(buf, len);
}

/*
 * The catalogue: the caller's, else rules/macros loaded into *own for
 * this comparison only (the caller that compares many files gives one).
 */
static const struct vg_macros *catalogue(const struct vg_srccmp_opts *opts,
					 struct vg_macros *own)
{
	if (opts && opts->macros)
		return opts->macros;
	if (opts && opts->rules && opts->rules->macros)
		return opts->rules->macros;
	if (vg_macros_load_default(own, opts && opts->rules ? opts->rules->dir : NULL) < 0)
		return NULL;
	return own;
}

struct ctx {
	const struct vg_srccmp_opts *opts;
	const char *old_path, *new_path;
	const char *old_buf, *new_buf;   /* the texts, for registration sites */
	size_t old_len, new_len;
	const struct vg_scan_result *o, *n;
	int *o_pair, *n_pair;      /* index of the paired def on the other side, -1 */
	struct vg_findings *out;
};

static const char *nz(const char *s)
{
	return s ? s : "?";
}

static int find_var_def(const struct vg_scan_result *r, const char *var)
{
	size_t i;

	for (i = 0; var && i < r->nr; i++)
		if (r->defs[i].desc.var && !strcmp(r->defs[i].desc.var, var))
			return (int)i;
	return -1;
}

static int section_only(const struct vg_scan_def *d)
{
	return d->toplevel && !d->nested_uses && !d->subsection_uses;
}

/*
 * A section split into a wrapper and a nested core: the old section's
 * variable now names the nested core (perhaps renamed, no longer a
 * section), and a new variable registers a section of the old .name
 * (the section id on the wire). The wrapper is what the release's
 * section is loaded by: pair those two, whatever the variables say.
 */
static void pair_split_sections(struct ctx *c)
{
	size_t i, j;

	for (j = 0; j < c->o->nr; j++) {
		const struct vg_scan_def *o = &c->o->defs[j];
		int same = find_var_def(c->n, o->desc.var);

		if (!section_only(o) || !o->desc.name || same < 0 ||
		    section_only(&c->n->defs[same]))
			continue;
		for (i = 0; i < c->n->nr; i++) {
			const struct vg_scan_def *w = &c->n->defs[i];

			if ((int)i == same || c->n_pair[i] >= 0 || !section_only(w) ||
			    !w->desc.name || strcmp(w->desc.name, o->desc.name) ||
			    find_var_def(c->o, w->desc.var) >= 0)
				continue;
			c->o_pair[j] = (int)i;
			c->n_pair[i] = (int)j;
			break;
		}
	}
}

/* Pair split sections, then definitions by variable, then the rest by .name. */
static void pair_defs(struct ctx *c)
{
	size_t i, j;

	pair_split_sections(c);
	for (i = 0; i < c->n->nr; i++) {
		if (c->n_pair[i] >= 0)
			continue;
		for (j = 0; j < c->o->nr; j++) {
			if (c->o_pair[j] < 0 &&
			    !strcmp(c->n->defs[i].desc.var, c->o->defs[j].desc.var)) {
				c->o_pair[j] = (int)i;
				c->n_pair[i] = (int)j;
				break;
			}
		}
	}
	for (i = 0; i < c->n->nr; i++) {
		const char *name = c->n->defs[i].desc.name;

		if (c->n_pair[i] >= 0 || !name)
			continue;
		for (j = 0; j < c->o->nr; j++) {
			if (c->o_pair[j] < 0 && c->o->defs[j].desc.name &&
			    !strcmp(name, c->o->defs[j].desc.name)) {
				c->o_pair[j] = (int)i;
				c->n_pair[i] = (int)j;
				break;
			}
		}
	}
}

/* A description named name in the tree d (itself, nested, subsections). */
static const struct vg_desc *find_desc(const struct vg_desc *d, const char *name, int depth)
{
	size_t i;
	const struct vg_desc *r;

	if (!d || depth > 32)
		return NULL;
	if (d->name && name && !strcmp(d->name, name))
		return d;
	for (i = 0; i < d->nr_fields; i++)
		if (d->fields[i].desc && (r = find_desc(d->fields[i].desc, name, depth + 1)))
			return r;
	for (i = 0; i < d->nr_subsections; i++)
		if ((r = find_desc(&d->subsections[i], name, depth + 1)))
			return r;
	return NULL;
}

static const struct vg_field *find_field(const struct vg_desc *d, const char *name)
{
	size_t i;

	for (i = 0; d && name && i < d->nr_fields; i++)
		if (d->fields[i].name && !strcmp(d->fields[i].name, name))
			return &d->fields[i];
	return NULL;
}

static int set_rule(struct vg_finding *f, enum vg_rule rule, const char *prefix)
{
	char *msg = vg_asprintf("%s%s", prefix, f->message);

	if (!msg)
		return -1;
	free(f->message);
	f->message = msg;
	f->rule = rule;
	f->severity = vg_rule_info(rule)->severity;
	return 0;
}

/*
 * field-added from the comparator: when existing fields follow the new
 * one in its description, it was inserted, not appended.
 */
static int mark_inserted(const struct vg_desc *od, const struct vg_desc *nd,
			 struct vg_findings *list, size_t from)
{
	size_t i, k;

	for (i = from; i < list->nr; i++) {
		struct vg_finding *f = &list->items[i];
		const struct vg_desc *d, *o;

		if (f->rule != VG_RULE_FIELD_ADDED || !f->item)
			continue;
		d = find_desc(nd, f->desc, 0);
		o = find_desc(od, f->desc, 0);
		if (!d || !o)
			continue;
		for (k = 0; k < d->nr_fields; k++)
			if (d->fields[k].name && !strcmp(d->fields[k].name, f->item) &&
			    (!f->line || d->fields[k].line == f->line))
				break;
		for (k++; k < d->nr_fields; k++) {
			if (find_field(o, d->fields[k].name)) {
				if (set_rule(f, VG_RULE_FIELD_INSERTED,
					     "inserted before existing fields: ") < 0)
					return -1;
				break;
			}
		}
	}
	return 0;
}

static struct vg_finding *add(struct ctx *c, enum vg_rule rule, const char *section,
			      const char *desc, const char *item, const char *ov,
			      const char *nv, unsigned line, unsigned old_line,
			      const char *msg)
{
	struct vg_finding *f = vg_findings_add(c->out, rule, section, desc, item, ov, nv,
					       "%s", msg);

	if (!f)
		return NULL;
	if (line && c->new_path && vg_finding_set(&f->file, c->new_path) < 0)
		return NULL;
	f->line = line;
	if (old_line && c->old_path && vg_finding_set(&f->old_file, c->old_path) < 0)
		return NULL;
	f->old_line = old_line;
	return f;
}

static int has_finding(const struct vg_findings *l, size_t from, enum vg_rule rule,
		       const char *desc, const char *item)
{
	size_t i;

	for (i = from; i < l->nr; i++)
		if (l->items[i].rule == rule && l->items[i].desc && desc &&
		    !strcmp(l->items[i].desc, desc) &&
		    (!item || (l->items[i].item && !strcmp(l->items[i].item, item))))
			return 1;
	return 0;
}

/* The macro without the _V/_TEST suffix: a version or test is not an encoding. */
static size_t macro_base(const char *m)
{
	size_t n = strlen(m);

	if (n > 2 && !strcmp(m + n - 2, "_V"))
		n -= 2;
	if (n > 5 && !strncmp(m + n - 5, "_TEST", 5))
		n -= 5;
	return n;
}

static int same_bytes(const struct vg_field *a, const struct vg_field *b)
{
	if (a->size_kind != b->size_kind || a->desc || b->desc)
		return 0;
	if (a->size_kind == VG_SIZE_FIXED)
		return vg_field_wire_bytes(a) == vg_field_wire_bytes(b);
	if (a->size_kind == VG_SIZE_UNKNOWN)
		return a->size_expr && b->size_expr && !strcmp(a->size_expr, b->size_expr);
	return 0;
}

/*
 * The same custom VMStateInfo with other get/put code (the scanner's
 * fingerprint, "info:NAME[get/put code X]"): what it sends may differ.
 */
static int code_changed(const char *a, const char *b)
{
	const char *pa = a ? strstr(a, "[get/put code ") : NULL;
	const char *pb = b ? strstr(b, "[get/put code ") : NULL;

	return pa && pb && pa - a == pb - b && !strncmp(a, b, (size_t)(pa - a)) &&
	       strcmp(pa, pb);
}

/* Same name, same bytes, another encoding or macro: info. */
static int encoding_changes(struct ctx *c, const char *section, const struct vg_desc *od,
			    const struct vg_desc *nd, size_t from, int depth)
{
	size_t i;

	if (!od || !nd || depth > 16)
		return 0;
	for (i = 0; i < nd->nr_fields; i++) {
		const struct vg_field *b = &nd->fields[i], *a = find_field(od, b->name);
		int enc_diff, mac_diff;
		char msg[512];

		if (!a)
			continue;
		if (a->desc && b->desc) {
			if (encoding_changes(c, section, a->desc, b->desc, from, depth + 1) < 0)
				return -1;
			continue;
		}
		if (!same_bytes(a, b) || a->is_unused || b->is_unused)
			continue;
		enc_diff = (a->encoding || b->encoding) &&
			   (!a->encoding || !b->encoding || strcmp(a->encoding, b->encoding));
		mac_diff = a->macro && b->macro &&
			   (macro_base(a->macro) != macro_base(b->macro) ||
			    strncmp(a->macro, b->macro, macro_base(a->macro)));
		if (!enc_diff && !mac_diff)
			continue;
		if (has_finding(c->out, from, VG_RULE_FIELD_ENCODING_CHANGED, nd->name, b->name) ||
		    has_finding(c->out, from, VG_RULE_FIELD_SIZE_UNKNOWN, nd->name, b->name))
			continue;
		if (code_changed(a->encoding, b->encoding)) {
			snprintf(msg, sizeof(msg),
				 "'%s' is read and written by a custom VMStateInfo (%.*s) whose get/put "
				 "code changed: the bytes it puts on the wire may have changed, and a "
				 "version_id does not help inside a nested description; check it by "
				 "hand", nz(b->name),
				 (int)(strstr(b->encoding, "[get/put code ") - b->encoding), b->encoding);
			if (!add(c, VG_RULE_FIELD_SIZE_UNKNOWN, section, nd->name, b->name,
				 a->encoding, b->encoding, b->line, a->line, msg))
				return -1;
			continue;
		}
		snprintf(msg, sizeof(msg),
			 "'%s' keeps its bytes on the wire but changed from %s (%s) to %s (%s): "
			 "check that the values still mean the same", nz(b->name), nz(a->macro),
			 nz(a->encoding), nz(b->macro), nz(b->encoding));
		if (!add(c, VG_RULE_FIELD_ENCODING_CHANGED, section, nd->name, b->name,
			 a->encoding ? a->encoding : a->macro, b->encoding ? b->encoding : b->macro,
			 b->line, a->line, msg))
			return -1;
	}
	if (nd->nr_subsections && od->nr_subsections) {
		/* The comparator's pairing: a .name listed twice pairs k-th with k-th. */
		int *o2n = vg_malloc(od->nr_subsections * sizeof(*o2n));
		int *n2o = vg_malloc(nd->nr_subsections * sizeof(*n2o));
		int ret = 0;

		if (!o2n || !n2o) {
			free(o2n);
			free(n2o);
			return -1;
		}
		vg_compare_pair_subsections(od, nd, o2n, n2o);
		for (i = 0; i < nd->nr_subsections && !ret; i++)
			if (n2o[i] >= 0)
				ret = encoding_changes(c, section, &od->subsections[n2o[i]],
						       &nd->subsections[i], from, depth + 1);
		free(o2n);
		free(n2o);
		return ret;
	}
	return 0;
}

/* Drop the finding at index i of l. */
static void drop(struct vg_findings *l, size_t i)
{
	vg_finding_release(&l->items[i]);
	memmove(&l->items[i], &l->items[i + 1], (l->nr - i - 1) * sizeof(*l->items));
	l->nr--;
}

static size_t find_sub_finding(const struct vg_findings *l, size_t from, enum vg_rule rule,
			       const char *oldv, const char *newv)
{
	size_t i;

	for (i = from; i < l->nr; i++) {
		const struct vg_finding *f = &l->items[i];

		if (f->rule == rule && (!oldv || (f->old_value && !strcmp(f->old_value, oldv))) &&
		    (!newv || (f->new_value && !strcmp(f->new_value, newv))))
			return i;
	}
	return (size_t)-1;
}

/*
 * Subsections with the same variable and another .name: one
 * subsection-renamed instead of a removal and an addition.
 */
static int subsection_renames(struct ctx *c, const char *section, const struct vg_desc *od,
			      const struct vg_desc *nd, size_t from, int depth)
{
	size_t i, k;

	if (!od || !nd || depth > 16)
		return 0;
	for (i = 0; i < nd->nr_subsections; i++) {
		const struct vg_desc *ns = &nd->subsections[i];

		for (k = 0; k < od->nr_subsections; k++) {
			const struct vg_desc *os = &od->subsections[k];
			size_t r, a;
			char msg[600];

			if (!os->var || !ns->var || strcmp(os->var, ns->var))
				continue;
			if (os->name && ns->name && !strcmp(os->name, ns->name)) {
				if (subsection_renames(c, section, os, ns, from, depth + 1) < 0)
					return -1;
				continue;
			}
			/* The comparator saw the rename already (same layout). */
			if (find_sub_finding(c->out, from, VG_RULE_SUBSECTION_RENAMED, os->name,
					     ns->name) != (size_t)-1)
				continue;
			r = find_sub_finding(c->out, from, VG_RULE_SUBSECTION_REMOVED, os->name, NULL);
			if (r != (size_t)-1)
				drop(c->out, r);
			a = find_sub_finding(c->out, from, VG_RULE_SUBSECTION_ADDED, NULL, ns->name);
			if (a != (size_t)-1)
				drop(c->out, a);
			if (find_sub_finding(c->out, from, VG_RULE_SUBSECTION_UNLOADABLE, os->name,
					     ns->name) != (size_t)-1)
				continue;
			r = find_sub_finding(c->out, from, VG_RULE_SUBSECTION_UNLOADABLE, os->name,
					     NULL);
			if (r != (size_t)-1)
				drop(c->out, r);
			if (!vg_compare_sub_loadable(od, os)) {
				snprintf(msg, sizeof(msg),
					 "subsection %s renamed from '%s' to '%s': the old name does "
					 "not start with its parent's name '%s', so no release could "
					 "load it (the destination stops there and fails): renaming it "
					 "breaks nothing that worked", ns->var, nz(os->name),
					 nz(ns->name), nz(od->name));
				if (!add(c, VG_RULE_SUBSECTION_UNLOADABLE, section, nd->name, ns->var,
					 os->name, ns->name, ns->line, os->line, msg))
					return -1;
				continue;
			}
			snprintf(msg, sizeof(msg),
				 "subsection %s renamed from '%s' to '%s': the name travels on the "
				 "wire, so the destination does not know the source's subsection "
				 "(\"does not exist\") whenever it is sent", ns->var, nz(os->name),
				 nz(ns->name));
			if (!add(c, VG_RULE_SUBSECTION_RENAMED, section, nd->name, ns->var,
				 os->name, ns->name, ns->line, os->line, msg))
				return -1;
		}
	}
	for (i = 0; i < nd->nr_fields; i++) {
		const struct vg_field *b = &nd->fields[i], *a = find_field(od, b->name);

		if (a && a->desc && b->desc &&
		    subsection_renames(c, section, a->desc, b->desc, from, depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* Is var listed in d's .subsections? 1 defined in the file, 2 elsewhere, 0 not listed. */
static int sub_ref_kind(const struct vg_desc *d, const char *var, const struct vg_desc **def)
{
	size_t i;
	int listed = 0;

	*def = NULL;
	for (i = 0; i < d->nr_subsection_refs && !listed; i++)
		listed = !strcmp(d->subsection_refs[i], var);
	if (!listed)
		return 0;
	for (i = 0; i < d->nr_subsections; i++) {
		if (d->subsections[i].var && !strcmp(d->subsections[i].var, var)) {
			*def = &d->subsections[i];
			return 1;
		}
	}
	return 2;
}

/*
 * Subsections listed by a variable defined in another file (QEMU's spapr
 * capabilities): their .name is not known here, but the list is. A
 * variable listed on one side only is a subsection added or removed; a
 * variable defined in the file on one side and elsewhere on the other is
 * the same subsection (what the comparator said of it is dropped).
 */
static int external_subsections(struct ctx *c, const char *section, const struct vg_desc *od,
				const struct vg_desc *nd, size_t from, int depth)
{
	size_t i, k, r;
	char msg[600];

	if (!od || !nd || depth > 16)
		return 0;
	for (i = 0; i < nd->nr_subsection_refs; i++) {
		const char *var = nd->subsection_refs[i];
		const struct vg_desc *nsub, *osub;
		int nk = sub_ref_kind(nd, var, &nsub), ok = sub_ref_kind(od, var, &osub);

		if (nk == 2 && ok == 1 && osub->name &&
		    (r = find_sub_finding(c->out, from, VG_RULE_SUBSECTION_REMOVED, osub->name,
					  NULL)) != (size_t)-1)
			drop(c->out, r);
		if (nk == 1 && ok == 2 && nsub->name &&
		    (r = find_sub_finding(c->out, from, VG_RULE_SUBSECTION_ADDED, NULL,
					  nsub->name)) != (size_t)-1)
			drop(c->out, r);
		if (nk != 2 || ok)
			continue;
		snprintf(msg, sizeof(msg),
			 "new subsection %s of %s (defined in another file): migrating back to "
			 "the source's release fails whenever its needed() is true, so it must be "
			 "false for older machine types", var, nz(nd->var));
		if (!add(c, VG_RULE_SUBSECTION_ADDED, section, nd->name, var, NULL, var, nd->line,
			 0, msg))
			return -1;
	}
	for (i = 0; i < od->nr_subsection_refs; i++) {
		const char *var = od->subsection_refs[i];
		const struct vg_desc *sub;

		if (sub_ref_kind(od, var, &sub) != 2 || sub_ref_kind(nd, var, &sub))
			continue;
		snprintf(msg, sizeof(msg),
			 "subsection %s (defined in another file) is no longer listed in %s: the "
			 "source may send it (whenever its needed() is true) and the destination "
			 "does not know it: the load fails with \"subsection does not exist\"",
			 var, nz(nd->var));
		if (!add(c, VG_RULE_SUBSECTION_REMOVED, section, nd->name, var, var, NULL,
			 nd->line, od->line, msg))
			return -1;
	}
	for (i = 0; i < nd->nr_subsections; i++) {
		const struct vg_desc *ns = &nd->subsections[i];

		for (k = 0; k < od->nr_subsections; k++) {
			const struct vg_desc *os = &od->subsections[k];

			if ((os->var && ns->var && !strcmp(os->var, ns->var)) ||
			    (os->name && ns->name && !strcmp(os->name, ns->name))) {
				if (external_subsections(c, section, os, ns, from, depth + 1) < 0)
					return -1;
				break;
			}
		}
	}
	for (i = 0; i < nd->nr_fields; i++) {
		const struct vg_field *b = &nd->fields[i], *a = find_field(od, b->name);

		if (a && a->desc && b->desc &&
		    external_subsections(c, section, a->desc, b->desc, from, depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* minimum_version_id raised but still within the old version_id. */
static int minimum_raised(struct ctx *c, const char *section, const struct vg_desc *od,
			  const struct vg_desc *nd)
{
	char msg[400], ov[32], nv[32];
	struct vg_finding *f;

	if (nd->minimum_version_id <= od->minimum_version_id ||
	    nd->minimum_version_id > od->version_id)
		return 0;
	snprintf(ov, sizeof(ov), "%d", od->minimum_version_id);
	snprintf(nv, sizeof(nv), "%d", nd->minimum_version_id);
	snprintf(msg, sizeof(msg),
		 "minimum_version_id raised from %d to %d: streams of version %d..%d from "
		 "releases before the previous one are refused from now on",
		 od->minimum_version_id, nd->minimum_version_id, od->minimum_version_id,
		 nd->minimum_version_id - 1);
	f = add(c, VG_RULE_MINIMUM_VERSION_RAISED, section, nd->name, NULL, ov, nv, nd->line,
		od->line, msg);
	if (!f)
		return -1;
	f->severity = VG_SEV_WARNING;
	return 0;
}

/*
 * Removals carry the old location; give them the place in the new file
 * too: the next surviving field of the description, else its definition.
 */
static int place_removals(struct ctx *c, const struct vg_desc *od, const struct vg_desc *nd,
			  size_t from)
{
	size_t i, k;

	for (i = from; i < c->out->nr; i++) {
		struct vg_finding *f = &c->out->items[i];
		const struct vg_desc *o = find_desc(od, f->desc, 0);
		const struct vg_desc *n = find_desc(nd, f->desc, 0);
		unsigned line = 0;

		if (f->file || !f->old_line || !c->new_path)
			continue;
		if (!n)
			n = nd;
		for (k = 0; o && k < o->nr_fields; k++)
			if (o->fields[k].line == f->old_line)
				break;
		for (k++; o && k < o->nr_fields && !line; k++) {
			const struct vg_field *nf = find_field(n, o->fields[k].name);

			if (nf)
				line = nf->line;
		}
		if (!line)
			line = n->line;
		if (vg_finding_set(&f->file, c->new_path) < 0)
			return -1;
		f->line = line;
	}
	return 0;
}

/* The description of C variable var in the tree d (nested, subsections). */
static struct vg_desc *find_var(struct vg_desc *d, const char *var, int depth)
{
	size_t i;
	struct vg_desc *r;

	if (!d || depth > 32)
		return NULL;
	if (d->var && !strcmp(d->var, var))
		return d;
	for (i = 0; i < d->nr_fields; i++)
		if (d->fields[i].desc && (r = find_var(d->fields[i].desc, var, depth + 1)))
			return r;
	for (i = 0; i < d->nr_subsections; i++)
		if ((r = find_var(&d->subsections[i], var, depth + 1)))
			return r;
	return NULL;
}

/*
 * A nested description that one side defines in the file and the other
 * names as defined elsewhere (the same C variable; a definition moved to
 * another file, or a description moved away from its nested one, as
 * serial-mm from serial.c): the same variable, so the same description.
 * The unresolved side borrows the other side's copy; a change to the
 * definition itself is judged where it is defined. The field stays
 * owned by its tree (owns_desc 0: the borrowed copy is not freed).
 */
static int adopt_refs(struct vg_desc *d, struct vg_desc *other, int depth)
{
	size_t i;

	if (!d || depth > 32)
		return 0;
	for (i = 0; i < d->nr_fields; i++) {
		struct vg_field *f = &d->fields[i];
		struct vg_desc *x;

		if (f->desc) {
			if (f->owns_desc && adopt_refs(f->desc, other, depth + 1) < 0)
				return -1;
			continue;
		}
		if (!f->desc_ref || f->size_kind != VG_SIZE_UNKNOWN ||
		    !(x = find_var(other, f->desc_ref, 0)))
			continue;
		free(f->size_expr);
		f->size_expr = NULL;
		f->desc = x;
		f->owns_desc = 0;
	}
	for (i = 0; i < d->nr_subsections; i++)
		if (adopt_refs(&d->subsections[i], other, depth + 1) < 0)
			return -1;
	return 0;
}

/*
 * Nested descriptions still unresolved after adopt_refs(): ask the
 * caller for their definition in another file of the same side.
 */
static void adopt_extern(const struct ctx *c, struct vg_desc *d, int new_side, int depth)
{
	size_t i;

	if (!d || depth > 32 || !c->opts || !c->opts->resolve)
		return;
	for (i = 0; i < d->nr_fields; i++) {
		struct vg_field *f = &d->fields[i];
		const struct vg_desc *x;

		if (f->desc) {
			if (f->owns_desc)
				adopt_extern(c, f->desc, new_side, depth + 1);
			continue;
		}
		if (!f->desc_ref || f->size_kind != VG_SIZE_UNKNOWN ||
		    !(x = c->opts->resolve(c->opts->resolve_ctx, new_side, f->desc_ref)))
			continue;
		free(f->size_expr);
		f->size_expr = NULL;
		f->desc = (struct vg_desc *)x;
		f->owns_desc = 0;
	}
	for (i = 0; i < d->nr_subsections; i++)
		adopt_extern(c, &d->subsections[i], new_side, depth + 1);
}

static int compare_pair(struct ctx *c, struct vg_scan_def *o, struct vg_scan_def *n)
{
	struct vg_compare_ctx cc;
	const char *section = n->desc.name ? n->desc.name : n->desc.var;
	size_t from = c->out->nr;
	struct vg_desc od, nd;

	/*
	 * A description marked .unmigratable blocks migration on the source:
	 * the old version never put a byte on the wire, so whatever the new
	 * one does (a rename, new fields, becoming migratable) breaks nothing.
	 */
	if (o->unmigratable)
		return 0;
	memset(&cc, 0, sizeof(cc));
	cc.rules = c->opts ? c->opts->rules : NULL;
	cc.section = section;
	cc.src_file = c->old_path;
	cc.dst_file = c->new_path;
	cc.src_counts_known = 1;
	cc.dst_counts_known = 1;
	c->out->sections_compared++;
	/*
	 * A version the scanner could not evaluate (-1, already a warning)
	 * takes the other side's value: no verdict on what is not known.
	 */
	if (adopt_refs(&o->desc, &n->desc, 0) < 0 || adopt_refs(&n->desc, &o->desc, 0) < 0)
		return -1;
	adopt_extern(c, &o->desc, 0, 0);
	adopt_extern(c, &n->desc, 1, 0);
	od = o->desc;
	nd = n->desc;
	if (od.version_id < 0 || nd.version_id < 0) {
		int m = od.minimum_version_id > nd.minimum_version_id ?
			od.minimum_version_id : nd.minimum_version_id;

		od.version_id = nd.version_id = od.version_id < 0 ?
			(nd.version_id < 0 ? (m > 0 ? m : 0) : nd.version_id) : od.version_id;
	}
	if (od.minimum_version_id < 0 || nd.minimum_version_id < 0) {
		od.minimum_version_id = nd.minimum_version_id = od.minimum_version_id < 0 ?
			(nd.minimum_version_id < 0 ? 0 : nd.minimum_version_id) :
			od.minimum_version_id;
	}
	if (vg_compare_section_desc(&cc, &od, &nd, c->out) < 0)
		return -1;
	if (mark_inserted(&o->desc, &n->desc, c->out, from) < 0 ||
	    subsection_renames(c, section, &o->desc, &n->desc, from, 0) < 0 ||
	    external_subsections(c, section, &o->desc, &n->desc, from, 0) < 0 ||
	    encoding_changes(c, section, &o->desc, &n->desc, from, 0) < 0 ||
	    minimum_raised(c, section, &od, &nd) < 0 ||
	    place_removals(c, &o->desc, &n->desc, from) < 0)
		return -1;
	return 0;
}

static int embedded(const struct vg_scan_def *d)
{
	return d->nested_uses > 0 || d->subsection_uses > 0;
}

/*
 * Is a paired definition compared as a section of its own? A description
 * that another one of the file embeds (VMSTATE_STRUCT, .subsections) on
 * both sides is compared inside the sections that embed it, and only
 * there, even when the file also names it elsewhere (an exported vmsd,
 * its .version_id read in C): its findings are reported once per
 * embedding section, not once more under its own .name.
 */
static int own_section(const struct vg_scan_def *o, const struct vg_scan_def *n)
{
	if (!o->toplevel && !n->toplevel)
		return 0;
	return !(embedded(o) && embedded(n));
}

/*
 * A description the old file only embedded (a nested struct, no section
 * of its own) that the new file registers on its own (dc->vmsd, QEMU
 * 49100693e9's next-rtc): a new section. Its old version was never on
 * the wire, so there are no versions to compare; the embedding section
 * is compared for the bytes it lost.
 */
static int became_section(const struct vg_scan_def *o, const struct vg_scan_def *n)
{
	return !o->toplevel && embedded(o) && n->toplevel && !embedded(n);
}

static int is_ident(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

/*
 * The function whose body holds position pos: the nearest line above it
 * that starts in column 0 with an identifier and has a '(' (a definition
 * header in QEMU's style). Copies its name into name (size n); 0 if none.
 */
static int enclosing_function(const char *buf, size_t pos, char *name, size_t n)
{
	size_t ls = pos;

	while (ls > 0) {
		size_t le, k, p;

		for (le = ls; le > 0 && buf[le - 1] != '\n'; le--)
			;
		/* [le, ls) is a line (ls at its end or at pos). */
		if (is_ident(buf[le]) && !(ls > le && buf[ls - 1] == ';')) {
			for (k = le; k < ls && buf[k] != '(' && buf[k] != '=' && buf[k] != ';'; k++)
				;
			if (k < ls && buf[k] == '(') {
				for (p = k; p > le && is_ident(buf[p - 1]); p--)
					;
				if (k > p && k - p < n) {
					memcpy(name, buf + p, k - p);
					name[k - p] = '\0';
					return 1;
				}
			}
			if (k < ls && buf[k] == '=')
				return 0;   /* an initializer, not a function */
		}
		if (!le)
			break;
		ls = le - 1;
	}
	return 0;
}

/* Does buf define function name (name and '(' on a line that starts with an identifier)? */
static int defines_function(const char *buf, size_t len, const char *name)
{
	size_t nl = strlen(name), i;

	for (i = 0; i + nl < len; i++) {
		size_t ls = i, e;

		if (memcmp(buf + i, name, nl) || buf[i + nl] != '(' || (i && is_ident(buf[i - 1])))
			continue;
		while (ls > 0 && buf[ls - 1] != '\n')
			ls--;
		if (!is_ident(buf[ls]))
			continue;
		for (e = i; e < len && buf[e] != '\n'; e++)
			;
		if (e > 0 && buf[e - 1] != ';')
			return 1;
	}
	return 0;
}

/* Does the statement around pos register a section (dc->vmsd =, vmstate_register*())? */
static int registration_at(const char *buf, size_t pos)
{
	size_t b = pos;

	while (b > 0 && buf[b - 1] != ';' && buf[b - 1] != '{' && buf[b - 1] != '}')
		b--;
	for (; b + 4 <= pos; b++)
		if (!memcmp(buf + b, "vmsd", 4) ||
		    (b + 16 <= pos && !memcmp(buf + b, "vmstate_register", 16)))
			return 1;
	return 0;
}

/*
 * Where buf registers var as a section: 1 when it does, and with
 * old_buf, only inside a function old_buf already defined (the device
 * existed in the release and now sends one more section).
 */
static int registers(const char *buf, size_t len, const char *old_buf, size_t old_len,
		     const char *var)
{
	size_t vl = strlen(var), i;
	char fn[128];

	for (i = 1; buf && i + vl < len; i++) {
		if (buf[i - 1] != '&' || memcmp(buf + i, var, vl) || is_ident(buf[i + vl]) ||
		    !registration_at(buf, i - 1))
			continue;
		if (!old_buf)
			return 1;
		if (enclosing_function(buf, i, fn, sizeof(fn)) &&
		    defines_function(old_buf, old_len, fn))
			return 1;
	}
	return 0;
}

/* An .unmigratable description of that .name in the old file: nothing went back before. */
static int was_unmigratable(const struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; name && i < c->o->nr; i++)
		if (c->o->defs[i].unmigratable && c->o->defs[i].desc.name &&
		    !strcmp(c->o->defs[i].desc.name, name))
			return 1;
	return 0;
}

static int registered_by_old_function(const struct ctx *c, const struct vg_scan_def *d)
{
	if (!c->old_buf || !c->new_buf || was_unmigratable(c, d->desc.name))
		return 0;
	return registers(c->new_buf, c->new_len, c->old_buf, c->old_len, d->desc.var);
}

/*
 * A section the release never sent, of a device the release has: with no
 * needed() it is always sent, and the release refuses it ("Unknown
 * savevm section"), as it refuses a bumped version_id: a warning like
 * version-bumped. Otherwise info.
 */
static int add_new_section(struct ctx *c, const struct vg_scan_def *d, int existing,
			   const char *what)
{
	char msg[700];
	enum vg_rule rule = VG_RULE_SECTION_ADDED;
	struct vg_compare_ctx cc;

	/* Nothing to compare it with, but it can contradict itself. */
	memset(&cc, 0, sizeof(cc));
	cc.section = d->desc.name ? d->desc.name : d->desc.var;
	cc.dst_file = c->new_path;
	if (vg_compare_self(&cc, &d->desc, c->out) < 0)
		return -1;

	if (existing && !d->desc.has_needed && !d->unmigratable) {
		rule = VG_RULE_SECTION_ADDED_UNCONDITIONAL;
		snprintf(msg, sizeof(msg),
			 "%s %s (\"%s\") is a new section of a device the source's release "
			 "already has, with no .needed: it is always sent, and migrating back "
			 "to the release fails (\"Unknown savevm section\"), as after a "
			 "version bump", what, d->desc.var, nz(d->desc.name));
	} else {
		snprintf(msg, sizeof(msg), "%s %s (\"%s\"): an older destination refuses the "
			 "section if it is sent%s", what, d->desc.var, nz(d->desc.name),
			 existing ? ", so its needed() must be false for older machine types" : "");
	}
	return add(c, rule, d->desc.name ? d->desc.name : d->desc.var, d->desc.name, NULL, NULL,
		   d->desc.var, d->desc.line, 0, msg) ? 0 : -1;
}

/*
 * o, embedded in the old file, is n, now a section of its own: a new
 * section of the device the old section embedded it in, when the new
 * file registers this very description (the same variable); not when the
 * embedding section only moved to another file.
 */
static int new_section(struct ctx *c, const struct vg_scan_def *o, const struct vg_scan_def *n)
{
	int own = o->desc.var && n->desc.var && !strcmp(o->desc.var, n->desc.var) &&
		  registers(c->new_buf, c->new_len, NULL, 0, n->desc.var);

	return add_new_section(c, n, own, "formerly nested description");
}

/* The line in the new file where old def j used to be. */
static unsigned place_in_new(const struct ctx *c, size_t j)
{
	size_t k;

	for (k = j + 1; k < c->o->nr; k++)
		if (c->o_pair[k] >= 0)
			return c->n->defs[c->o_pair[k]].desc.line;
	for (k = j; k-- > 0;)
		if (c->o_pair[k] >= 0)
			return c->n->defs[c->o_pair[k]].end_line;
	return 1;
}

static int report_unpaired(struct ctx *c, int have_new)
{
	size_t i;
	char msg[600];

	for (i = 0; i < c->o->nr; i++) {
		const struct vg_scan_def *d = &c->o->defs[i];
		unsigned line;

		if (c->o_pair[i] >= 0 || !d->toplevel || d->unmigratable)
			continue;  /* an .unmigratable section was never sent */
		line = have_new ? place_in_new(c, i) : 0;
		snprintf(msg, sizeof(msg),
			 "%s (\"%s\") was removed: a source that still sends this section cannot "
			 "migrate to this version", d->desc.var, nz(d->desc.name));
		if (!add(c, VG_RULE_DESCRIPTION_REMOVED, d->desc.name ? d->desc.name : d->desc.var,
			 d->desc.name, NULL, d->desc.var, NULL, line, d->desc.line, msg))
			return -1;
	}
	for (i = 0; i < c->n->nr; i++) {
		const struct vg_scan_def *d = &c->n->defs[i];

		if (c->n_pair[i] >= 0 || !d->toplevel)
			continue;
		if (add_new_section(c, d, registered_by_old_function(c, d),
				    "new description") < 0)
			return -1;
	}
	return 0;
}

struct scan_job {
	struct vg_scan_opts so;
	const char *path, *buf;
	size_t len;
	struct vg_scan_result *res;
	struct vg_findings *warnings;
	int ret;
};

static void *scan_job_run(void *arg)
{
	struct scan_job *j = arg;

	j->ret = j->buf ? vg_scan_buffer(&j->so, j->path, j->buf, j->len, j->res, j->warnings) : 0;
	return NULL;
}

/*
 * Scan the old and the new text; two large files at once, on two threads
 * (most of a one-file diff-source is scanning, and the two are independent;
 * a header cache they share locks).
 */
#define SCAN_PARALLEL_MIN (64 * 1024)

static int scan_sides(const struct vg_srccmp_opts *opts, const struct vg_macros *macros,
		      const char *old_path, const char *old_buf, size_t old_len,
		      struct vg_scan_result *o, struct vg_findings *old_warn,
		      const char *new_path, const char *new_buf, size_t new_len,
		      struct vg_scan_result *n, struct vg_findings *new_warn)
{
	struct scan_job oj = { { macros, NULL, 0, NULL }, old_path, old_buf, old_len, o, old_warn, 0 };
	struct scan_job nj = { { macros, NULL, 0, NULL }, new_path, new_buf, new_len, n, new_warn, 0 };
	pthread_t tid;

	if (opts) {
		oj.so.headers = opts->old_headers;
		oj.so.nr_headers = opts->nr_old_headers;
		nj.so.headers = opts->new_headers;
		nj.so.nr_headers = opts->nr_new_headers;
		oj.so.cache = nj.so.cache = opts->cache;
	}
	if (old_buf && new_buf && old_len >= SCAN_PARALLEL_MIN && new_len >= SCAN_PARALLEL_MIN &&
	    !pthread_create(&tid, NULL, scan_job_run, &oj)) {
		scan_job_run(&nj);
		pthread_join(tid, NULL);
	} else {
		scan_job_run(&oj);
		if (oj.ret >= 0)
			scan_job_run(&nj);
	}
	return oj.ret < 0 || nj.ret < 0 ? -1 : 0;
}

int vg_diff_source(const struct vg_srccmp_opts *opts, const char *old_path,
		   const char *old_buf, size_t old_len, const char *new_path,
		   const char *new_buf, size_t new_len, struct vg_findings *out)
{
	struct vg_scan_result o = VG_SCAN_RESULT_INIT, n = VG_SCAN_RESULT_INIT;
	struct vg_findings old_warn = VG_FINDINGS_INIT;
	struct vg_macros own = VG_MACROS_INIT;
	const struct vg_macros *macros;
	struct ctx c;
	size_t i;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	if (!old_buf && !new_buf)
		return 0;
	if (!(macros = catalogue(opts, &own)))
		goto done;
	if (scan_sides(opts, macros, old_path, old_buf, old_len, &o, &old_warn,
		       new_path, new_buf, new_len, &n, out) < 0)
		goto done;
	if (!new_buf && old_warn.nr && vg_findings_splice(out, &old_warn) < 0) {
		goto done;
	}
	c.opts = opts;
	c.old_path = old_path;
	c.new_path = new_path;
	c.old_buf = old_buf;
	c.old_len = old_len;
	c.new_buf = new_buf;
	c.new_len = new_len;
	c.o = &o;
	c.n = &n;
	c.out = out;
	c.o_pair = vg_malloc((o.nr + 1) * sizeof(int));
	c.n_pair = vg_malloc((n.nr + 1) * sizeof(int));
	if (!c.o_pair || !c.n_pair)
		goto done;
	for (i = 0; i < o.nr; i++)
		c.o_pair[i] = -1;
	for (i = 0; i < n.nr; i++)
		c.n_pair[i] = -1;
	pair_defs(&c);
	for (i = 0; i < n.nr; i++) {
		int j = c.n_pair[i];

		if (j < 0 || !own_section(&o.defs[j], &n.defs[i]))
			continue;
		if (became_section(&o.defs[j], &n.defs[i])) {
			if (new_section(&c, &o.defs[j], &n.defs[i]) < 0)
				goto done;
			continue;
		}
		if (compare_pair(&c, &o.defs[j], &n.defs[i]) < 0)
			goto done;
	}
	if (report_unpaired(&c, new_buf != NULL) < 0)
		goto done;
	ret = 0;
done:
	free(c.o_pair);
	free(c.n_pair);
	vg_findings_release(&old_warn);
	vg_scan_result_release(&o);
	vg_scan_result_release(&n);
	vg_macros_release(&own);
	return ret;
}
