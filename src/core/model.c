#include "core/model.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

unsigned long long vg_field_wire_bytes(const struct vg_field *f)
{
	return f->num > 0 ? f->size * (unsigned long long)f->num : f->size;
}

struct vg_field *vg_desc_add_field(struct vg_desc *d)
{
	struct vg_field *f;

	if (VG_GROW(d->fields, d->alloc_fields, d->nr_fields + 1) < 0)
		return NULL;
	f = &d->fields[d->nr_fields++];
	memset(f, 0, sizeof(*f));
	f->num = -1;
	return f;
}

struct vg_desc *vg_desc_add_subsection(struct vg_desc *d)
{
	struct vg_desc *s;

	if (VG_GROW(d->subsections, d->alloc_subsections, d->nr_subsections + 1) < 0)
		return NULL;
	s = &d->subsections[d->nr_subsections++];
	memset(s, 0, sizeof(*s));
	return s;
}

const struct vg_section *vg_dump_find_section(const struct vg_dump *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nr_sections; i++)
		if (!strcmp(d->sections[i].key, key))
			return &d->sections[i];
	return NULL;
}

void vg_field_release(struct vg_field *f)
{
	free(f->name);
	free(f->test);
	free(f->size_expr);
	free(f->macro);
	free(f->encoding);
	free(f->desc_ref);
	if (f->owns_desc && f->desc) {
		vg_desc_release(f->desc);
		free(f->desc);
	}
	memset(f, 0, sizeof(*f));
}

void vg_desc_release(struct vg_desc *d)
{
	size_t i;

	for (i = 0; i < d->nr_fields; i++)
		vg_field_release(&d->fields[i]);
	free(d->fields);
	for (i = 0; i < d->nr_subsections; i++)
		vg_desc_release(&d->subsections[i]);
	free(d->subsections);
	for (i = 0; i < d->nr_subsection_refs; i++)
		free(d->subsection_refs[i]);
	free(d->subsection_refs);
	free(d->name);
	free(d->var);
	free(d->file);
	free(d->condition);
	memset(d, 0, sizeof(*d));
}

void vg_dump_release(struct vg_dump *d)
{
	size_t i;

	for (i = 0; i < d->nr_sections; i++) {
		free(d->sections[i].key);
		vg_desc_release(&d->sections[i].desc);
	}
	free(d->sections);
	free(d->path);
	free(d->machine);
	memset(d, 0, sizeof(*d));
}
