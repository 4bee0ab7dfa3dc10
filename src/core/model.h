#ifndef VG_MODEL_H
#define VG_MODEL_H

#include <stddef.h>

/*
 * The migration model shared by the dump loader (dump.c) and the source
 * scanner (scan.c), and compared by compare.c. It describes what each
 * description puts on the wire: ordered fields with their version gate,
 * their field_exists test, their element size and count, and nested
 * descriptions (whose fields travel inline, with no header).
 *
 * Ownership: a struct vg_desc owns its fields and subsections. A field's
 * nested description is owned by the field when owns_desc is set (dumps,
 * where every nested Description is an inline copy); otherwise it is
 * borrowed from the scan result that holds every definition of a file.
 */

enum vg_size_kind {
	VG_SIZE_FIXED,     /* size (and num, when known) give the bytes sent */
	VG_SIZE_VARIABLE,  /* the byte count is decided at run time (VBUFFER,
			      VARRAY, QTAILQ, custom infos of size 0, ...) */
	VG_SIZE_UNKNOWN,   /* neither the dump nor the catalogue tells */
};

struct vg_desc;

struct vg_field {
	char *name;             /* label only: never on the wire */
	int version_id;         /* field present iff version_id <= stream version */
	int has_test;           /* field_exists set: it alone decides presence */
	char *test;             /* source: the test function, or NULL */
	/* Source: where the test's value follows from the version alone
	   ("return version_id <= 1;"), bit v of test_known_mask is set and bit
	   v of test_mask is its value at version v (v < 64). */
	unsigned long long test_known_mask, test_mask;
	int has_struct_version; /* source: VSTRUCT, whose description is loaded
				   at struct_version, not its own version_id */
	int struct_version;
	enum vg_size_kind size_kind;
	unsigned long long size; /* element size (dump: field->size; struct:
				    host sizeof, meaningless on the wire) */
	long long num;          /* fixed element count, -1 when unknown (7.2
				   dumps have no "num"; VARRAYs) */
	int is_array;           /* ARRAY or VARRAY (known from num or the macro) */
	int is_unused;          /* VMSTATE_UNUSED*: zero padding, skipped on load */
	char *size_expr;        /* source: a symbolic size or count that the
				   scanner could not evaluate ("sizeof(MACAddr)",
				   "NR_REGS"); compared as text */
	char *macro;            /* source: the VMSTATE_* macro used */
	char *encoding;         /* source: the element encoding ("uint32",
				   "bool", "timer", ...), or NULL */
	struct vg_desc *desc;   /* nested description, or NULL */
	char *desc_ref;         /* source: the nested vmsd's C variable */
	int owns_desc;
	unsigned line;          /* source line, 0 when unknown */
};

struct vg_desc {
	char *name;             /* .name; on the wire for sections and subsections */
	int version_id;
	int minimum_version_id;
	struct vg_field *fields;
	size_t nr_fields, alloc_fields;
	int has_fields;         /* dumps: the "Fields" key was present */
	struct vg_desc *subsections;   /* owned, in list order */
	size_t nr_subsections, alloc_subsections;
	int has_subsections;
	/* Source level only (NULL/0 for dumps). */
	char *var;              /* the C variable: vmstate_foo */
	char **subsection_refs; /* .subsections as variable names */
	size_t nr_subsection_refs;
	char *file;             /* path as given to the scanner */
	unsigned line;          /* line of the definition */
	int has_needed;         /* .needed is set */
	char *condition;        /* enclosing #if/#ifdef, or NULL */
};

struct vg_section {
	char *key;              /* dump key: the QOM type name (not on the wire) */
	int version_id;
	int minimum_version_id;
	struct vg_desc desc;    /* the top-level Description */
	int has_desc;           /* the "Description" key was present (QEMU's
				   own checker test data has entries without) */
};

struct vg_dump {
	char *path;             /* as given on the command line */
	char *machine;          /* vmschkmachine.Name, or NULL */
	struct vg_section *sections;
	size_t nr_sections, alloc_sections;
	int has_num;            /* some field has "num": QEMU >= 8.1 */
};

/* Total bytes a fixed field sends: size * num (num -1 counts as 1). */
unsigned long long vg_field_wire_bytes(const struct vg_field *f);

struct vg_field *vg_desc_add_field(struct vg_desc *d);
struct vg_desc *vg_desc_add_subsection(struct vg_desc *d);
const struct vg_section *vg_dump_find_section(const struct vg_dump *d, const char *key);

void vg_field_release(struct vg_field *f);
void vg_desc_release(struct vg_desc *d);
void vg_dump_release(struct vg_dump *d);

#endif
