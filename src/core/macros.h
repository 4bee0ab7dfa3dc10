#ifndef VG_MACROS_H
#define VG_MACROS_H

#include <stddef.h>

/*
 * The VMSTATE_* macro catalogue (rules/macros): for each field macro,
 * which argument is the field, the version, the test, the element count,
 * the nested description, and the element size on the wire.
 *
 * File format (one entry a line, tokenized by vg_rules_foreach_line()):
 *
 *   NAME PARAMS KEY=VALUE...          a base entry
 *   NAME PARAMS = TARGET(ARGS)        an alias, expanded by the loader
 *   info VARIABLE enc=E size=N|var    a VMStateInfo and its wire size
 *   type NAME size=N|SYMBOL          sizeof(NAME) for the scanner's constant
 *                                    expressions: a number, or a symbol kept
 *                                    as text (target_ulong: target dependent)
 *
 * PARAMS is "a,b,c", "()" for a macro called with empty parentheses, or
 * "-" for an object-like macro used without parentheses. Values are
 * templates: every parameter name in them (as a whole identifier) is
 * replaced by the argument of the call. Keys:
 *
 *   field=P        the field expression (its name; a label only)
 *   name=TEXT      a fixed field name ("unused", "tmp", "virtio")
 *   version=T      the field version (0 when absent)
 *   test=P         the field_exists function
 *   num=T          fixed element count (a 2-D array: num=P1*P2)
 *   varray=P       count read at run time from member P (variable size)
 *   vmsd=P         nested description (STRUCT, VSTRUCT, WITH_TMP, QTAILQ...)
 *   sver=P         VSTRUCT's struct_version
 *   info=P         element VMStateInfo: its entry gives enc and size
 *   enc=NAME       element encoding ("uint32", "bool", "timer", ...)
 *   size=T         element bytes on the wire: a number or template,
 *                  "var" (decided at run time), "struct" (the nested
 *                  description inline), "info" (from info=), or a
 *                  symbolic expression kept as text ("target_ulong",
 *                  "sizeof(_f)")
 *   unused=1       VMSTATE_UNUSED*: zero padding
 *   end=1          VMSTATE_END_OF_LIST
 *   nodata=1       no bytes on the wire (VMSTATE_VALIDATE)
 *   bytes=T        the byte count for infos whose size is "bytes"
 *                  (buffer-like infos over a sized area)
 *   expand=TEXT    the macro stands for this field-list text (several
 *                  fields, e.g. VMSTATE_PCI_HOTPLUG); parsed like a
 *                  #define of the scanned file
 *
 * Ownership: a struct vg_macros owns every string it holds.
 */

enum vg_macro_attr {
	VG_MA_FIELD,
	VG_MA_NAME,
	VG_MA_VERSION,
	VG_MA_TEST,
	VG_MA_NUM,
	VG_MA_VARRAY,
	VG_MA_VMSD,
	VG_MA_SVER,
	VG_MA_INFO,
	VG_MA_ENC,
	VG_MA_SIZE,
	VG_MA_UNUSED,
	VG_MA_END,
	VG_MA_NODATA,
	VG_MA_BYTES,
	VG_MA_EXPAND,
	VG_MA__COUNT
};

struct vg_macro {
	char *name;
	int nparams;            /* -1: object-like, used without parentheses */
	char **params;
	char *attrs[VG_MA__COUNT]; /* templates over params, or NULL */
	char *where;            /* "rules/macros:LINE" */
	/* Loader state for aliases (NULL once expanded). */
	char *alias_target;
	char **alias_args;
	int nalias_args;
};

struct vg_macro_info {
	char *name;             /* the VMStateInfo variable: vmstate_info_uint32 */
	char *enc;
	char *size;             /* number, or "var" */
};

/* A type of fixed size (sizeof in sizes and counts). */
struct vg_macro_type {
	char *name;             /* normalized: "uint32_t", "unsigned int" */
	char *size;             /* a number, or a symbol ("target_ulong") */
};

struct vg_macros {
	struct vg_macro *macros;        /* sorted by name after loading */
	size_t nr, alloc;
	struct vg_macro_info *infos;
	size_t nr_infos, alloc_infos;
	char *path;
	struct vg_macro_type *types;
	size_t nr_types, alloc_types;
};

#define VG_MACROS_INIT { NULL, 0, 0, NULL, 0, 0, NULL, NULL, 0, 0 }

/*
 * Load the catalogue from path (e.g. "rules/macros"). A broken line is an
 * input error "path:LINE: error: ..." and returns -1.
 */
int vg_macros_load(struct vg_macros *m, const char *path);
/* Load DIR/macros where DIR is dir or vg_rules_dir() when dir is NULL. */
int vg_macros_load_default(struct vg_macros *m, const char *dir);
/*
 * The one macro-parameter substitution: replace every parameter (a whole
 * identifier) of body by its argument; string literals are left alone.
 * VG_SUBST_PAREN (catalogue templates): arguments that are not a single
 * operand are parenthesized unless they make up the whole body.
 * VG_SUBST_CPP (a #define's body): #param stringizes, ## pastes, and
 * character literals and line ends count as C's do.
 * Returns a new string, or NULL (body NULL, or no memory).
 */
#define VG_SUBST_PAREN 1u
#define VG_SUBST_CPP 2u
char *vg_macro_expand(const char *body, char *const *params, int nparams,
		      char *const *args, unsigned flags);
/* vg_macro_expand() of a catalogue template (VG_SUBST_PAREN). */
char *vg_macro_subst(const char *tmpl, char *const *params, int nparams,
		     char *const *args);

const struct vg_macro *vg_macros_find(const struct vg_macros *m, const char *name);
const struct vg_macro *vg_macros_findn(const struct vg_macros *m, const char *name, size_t len);
const struct vg_macro_info *vg_macros_find_info(const struct vg_macros *m, const char *name);
/* The type entry of name (n bytes, normalized as in rules/macros), or NULL. */
const struct vg_macro_type *vg_macros_find_type(const struct vg_macros *m, const char *name,
						size_t n);

void vg_macros_release(struct vg_macros *m);

#endif
