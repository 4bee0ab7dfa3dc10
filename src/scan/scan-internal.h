/*
 * Internal to the scanner (scan*.c):
 * the scanner's state and the functions that cross between its files.
 * Not for other modules: they use scan.h.
 */
#ifndef VG_SCAN_INTERNAL_H
#define VG_SCAN_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "core/hashmap.h"
#include "scan/scan.h"

#define NO_BASE SIZE_MAX
#define MAX_EXPAND_DEPTH 12
#define MAX_NEST_DEPTH 12

/* ---------------------------------------------------------------- */
/* Scanner state                                                     */

struct define {
	const char *name;
	size_t name_len;
	int nparams;            /* -1: object-like */
	char **params;
	char *body;
	unsigned line;          /* 0 for headers */
	int in_file;
};

/* #defines of one origin (the file, or its headers) with a hash. */
struct deftab {
	struct define *v;
	size_t nr, alloc;
	struct vg_hashmap map;  /* hash of name -> index into v */
};

enum dir_kind { D_IF, D_IFDEF, D_IFNDEF, D_ELIF, D_ELSE, D_ENDIF, D_DEFINE, D_OTHER };

struct directive {
	size_t off, end;        /* the whole logical line, continuations included */
	enum dir_kind kind;
	char *arg;
	int guard;              /* an include guard: not a condition */
};

struct range {
	size_t b, e;
};

/* A header, cleaned and with its #defines (pointing into clean). */
struct hdr {
	unsigned char id[VG_SCAN_ID_LEN];       /* the caller's id: the cache key */
	size_t len;
	char *clean;
	struct deftab defs;
	/* Names searched in clean and not found (struct, enumerator): hashes. */
	struct vg_hashmap miss;
	pthread_mutex_t *lock;  /* the cache's, guarding miss; NULL: one scan's own */
};

/* Subsection refs whose .needed sits in the pre-2.4 list entry. */
struct needed_mark {
	char *var;
};

struct scanner {
	const struct vg_scan_opts *opts;
	const char *path;
	char *clean;            /* comments blanked, same length as the input */
	char *code;             /* clean with string and char literals blanked too */
	size_t len;
	size_t *lines;          /* offset of each line start */
	size_t nr_lines, alloc_lines;
	struct deftab file_defs;        /* the file's own: they win */
	struct hdr **hdrs;              /* the headers, in order: read on first need */
	size_t nr_hdrs;
	int headers_read;               /* hdrs is ready */
	struct deftab *hdr_target;      /* where collect_directives puts a header's */
	struct directive *dirs;
	size_t nr_dirs, alloc_dirs;
	struct hdr **owned;     /* parsed headers not kept in a cache */
	size_t nr_owned, alloc_owned;
	struct range *used;     /* definition and named-array ranges */
	size_t nr_used, alloc_used;
	struct vg_scan_result *out;
	struct vg_findings *warnings;
	struct vg_findings scratch;  /* when the caller wants no warnings */
	struct needed_mark *old_needed;
	size_t nr_old_needed;
	int oom;
};

/* A piece of text being parsed: the file itself or an expansion. */
struct src {
	const char *t;
	size_t n;
	size_t base;            /* offset of t in sc->clean, or NO_BASE */
	unsigned line;          /* the line of an expansion */
};

/*
 * Split [b, e) at top-level commas; fn gets each trimmed item
 * (vg_scan_split_items).
 */
typedef int (*item_fn)(struct scanner *sc, const struct src *s, size_t b,
		       size_t e, void *payload);

/* scan-lex.c: tokenizer helpers, cleaning */
char *vg_scan_blank_literals(const char *clean, size_t len);
char *vg_scan_clean_text(const char *buf, size_t len);
/* What cleaning found unterminated: kind '*' a comment, '"' a string (the first), 0 none. */
struct vg_scan_unterminated {
	int kind;
	size_t off;
};
char *vg_scan_clean_text_checked(const char *buf, size_t len, struct vg_scan_unterminated *u);
size_t vg_scan_ident_end(const char *t, size_t n, size_t i);
int vg_scan_is_id(int c);
int vg_scan_is_id0(int c);
size_t vg_scan_match_close(const char *t, size_t n, size_t i);
char *vg_scan_norm_text(const char *t, size_t b, size_t e);
size_t vg_scan_skip_literal(const char *t, size_t n, size_t i);
size_t vg_scan_skip_ws(const char *t, size_t n, size_t i);
int vg_scan_split_items(struct scanner *sc, const struct src *s, size_t b,
		        size_t e, item_fn fn, void *payload);
void vg_scan_trim(const char *t, size_t *b, size_t *e);

/* scan-cpp.c: directives, conditionals, #defines, macro expansion */
void vg_scan_blank_conditionals(struct scanner *sc, size_t b, size_t e);
int vg_scan_build_hash(struct deftab *dt);
int vg_scan_collect_directives(struct scanner *sc, const char *t, size_t n, int in_file);
char *vg_scan_condition_at(const struct scanner *sc, size_t off, int *dead);
char *vg_scan_expand_define(const struct define *d, char *const *args);
const struct define *vg_scan_find_define(struct scanner *sc, const char *name, size_t n);
const struct define *vg_scan_find_file_define(struct scanner *sc, const char *name, size_t n);
const struct define *vg_scan_find_header_define(struct scanner *sc, const char *name,
					        size_t n);
void vg_scan_free_args(char **args, int n);
int vg_scan_in_directive(const struct scanner *sc, size_t off);
void vg_scan_mark_guards(struct scanner *sc);
int vg_scan_parse_args(const char *t, size_t n, size_t open, size_t *close,
		       char ***args, int *nargs);
int vg_scan_sym_size(struct scanner *sc, const char *sym, size_t n, long long *v);

/* scan-eval.c: types and struct members, constant expressions, string values */
int vg_scan_declarator(const char *t, size_t b, size_t e, size_t *nb, size_t *ne,
		       size_t *db, int *pointer);
int vg_scan_eval_or_sym(struct scanner *sc, const char *t, long long *num,
		        int *known, char **sym);
int vg_scan_eval_text(struct scanner *sc, const char *t, long long *out);
size_t vg_scan_skip_ws_back(const char *t, size_t i);
char *vg_scan_string_value(struct scanner *sc, const char *t, size_t b,
			   size_t e, int *resolved);

/* scan.c: line numbers, warnings, small text helpers */
int vg_scan_is_null_text(const char *s);
unsigned vg_scan_line_of(const struct scanner *sc, size_t off);
char *vg_scan_ref_name(const char *s);
int vg_scan_set_str(char **dst, const char *s);
unsigned vg_scan_src_line(const struct scanner *sc, const struct src *s, size_t off);
void vg_scan_warn(struct scanner *sc, enum vg_rule rule, unsigned line,
		  const char *desc, const char *item, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* scan-headers.c: headers read on first need, the header cache, miss sets */
void vg_scan_deftab_release(struct deftab *dt);
void vg_scan_hdr_free(struct hdr *h);
void vg_scan_hdr_miss_add(struct hdr *hd, uint64_t h);
int vg_scan_hdr_missed(struct hdr *hd, uint64_t h);
uint64_t vg_scan_miss_hash(char kind, const char *name, size_t n);
int vg_scan_read_headers(struct scanner *sc);

/* scan-info.c: functions defined in the file, custom VMStateInfo fingerprints */
int vg_scan_function_parts(struct scanner *sc, const char *name, size_t *pb, size_t *pe,
			   size_t *bb, size_t *be);
int vg_scan_info_fingerprint(struct scanner *sc, const char *info, uint32_t *fp);

/* scan-version.c: field_exists tests decided by the version alone */
void vg_scan_version_test(struct scanner *sc, struct vg_field *f);

/* scan-fields.c: fields of a description, named field arrays */
int vg_scan_add_used(struct scanner *sc, size_t b, size_t e);
size_t vg_scan_find_named_array(struct scanner *sc, const char *name, size_t *close);
int vg_scan_parse_fields_value(struct scanner *sc, const struct src *s, size_t b, size_t e,
			       struct vg_scan_def *def);

/* scan-defs.c: descriptions, subsections, resolution */
int vg_scan_compile_patterns(void);
void vg_scan_def_release(struct vg_scan_def *def);
int vg_scan_find_defs(struct scanner *sc, const struct src *s, const char *macro_cond);
int vg_scan_find_macro_defs(struct scanner *sc);
int vg_scan_resolve(struct scanner *sc);

#endif
