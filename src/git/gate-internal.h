/*
 * Internal to the gate (gate.c, gate-headers.c, gate-moves.c, gate-broken.c): the gate's
 * state and the functions that cross between its files. Not for other
 * modules: they use gate.h.
 */
#ifndef VG_GATE_INTERNAL_H
#define VG_GATE_INTERNAL_H

#include <stddef.h>

#include "core/finding.h"
#include "core/hashmap.h"
#include "git/gate.h"
#include "git/repo.h"
#include "core/macros.h"
#include "core/rules.h"
#include "scan/scan.h"

/* The include index: which sources define VMState and what they include. */
struct inc_entry {
	char *path;
	struct vg_oid blob;
	int has_vmstate;
	char **includes;        /* the "quoted" #include names */
	size_t nr_includes;
	/* Its own headers (see vg_gate_own_header_includes), resolved once: a hint. */
	char **own;
	size_t nr_own;
	int own_done;
};

struct inc_index {
	struct inc_entry *items;
	size_t nr, alloc;
	struct vg_hashmap map;  /* hash of path -> index into items */
	int built;
};

/*
 * A header changed in the judged change, with its two texts (for the
 * identifiers it touches; the scans read headers from each tree).
 */
struct header {
	char *path;
	char *old, *new_;               /* NULL when absent */
	size_t old_len, new_len;
	char **idents;                  /* identifiers on the changed lines */
	size_t nr_idents;
};

/* One source file to compare. */
struct unit {
	char *old_path, *new_path;      /* parent and child paths (NULL: absent) */
	size_t *headers;                /* indexes into the header list */
	size_t nr_headers;
};

/*
 * Where a file of the parent was in the baseline when a commit since the
 * baseline renamed it (origin NULL: added since, no rename).
 */
struct origin {
	struct vg_oid base;
	char *path;
	char *origin;
};

/* The commit since which a file's section is incompatible with a baseline. */
struct broken {
	struct vg_oid base;
	char *path;
	char *section;
	char commit[VG_OID_HEXSZ + 1];  /* "" when it could not be told */
};

/*
 * A quoted .name of a source of the baseline that may define VMState:
 * where to look for a description by its name (a file new since the
 * release, or a section that survives elsewhere).
 */
struct bname {
	char *name;
	char *path;
};

/* Header texts by blob id, kept across the commits of a range. */
struct hblob {
	struct vg_oid id;
	char *text;
	size_t len;
	char **includes;        /* its "quoted" #include names, parsed once */
	size_t nr_includes;
	int parsed;
};

/* Include resolutions by (tree, directory, name), kept across commits. */
struct rmemo_entry {
	char *key;              /* tree hex, directory of the includer, name */
	char *path;             /* NULL: not found */
	struct vg_oid id;
};

struct rmemo {
	struct rmemo_entry *v;
	size_t nr, alloc;
	struct vg_hashmap map;  /* hash of key -> index into v */
};

/* Past this many resolutions the memo starts over. */
#define RMEMO_MAX 400000

struct hcache {
	struct hblob *v;
	size_t nr, alloc;
	struct vg_hashmap map;  /* hash of id -> index into v */
	size_t bytes;
};

/* Past this many bytes of header text the cache starts over. */
#define HCACHE_MAX_BYTES ((size_t)256 << 20)

/* One header of a file on one side: resolved path, blob, cached text. */
struct hitem {
	char *path;
	struct vg_oid id;
	const char *text;       /* borrowed from the gate's cache */
	size_t len;
};

/*
 * The TARGET_LONG_BITS of target/DIR in a commit's tree: 32 or 64 when
 * every system build of the directory has it, 0 when not known.
 */
struct tlbits {
	struct vg_oid tree;
	char *dir;
	int bits;
};

/* Past this many entries the TARGET_LONG_BITS cache starts over. */
#define TLBITS_MAX 4096

/* The headers one version of a file includes, in its tree. */
struct hside {
	struct hitem *v;
	size_t nr, alloc;
	struct vg_tree *tree;   /* the tree the version was read from (borrowed) */
};

#define HSIDE_INIT { NULL, 0, 0, NULL }

/* A scanned blob of another file, for descriptions defined there (by blob id). */
struct xdef {
	struct vg_oid blob;
	struct vg_scan_result res;
};

struct vg_gate {
	struct vg_repo *repo;
	struct vg_gate_opts opts;
	int failure;
	struct vg_gate_stats stats;
	struct inc_index inc;
	struct vg_oid fixed_baseline;
	int have_fixed_baseline;
	struct vg_rules rules;
	struct vg_macros macros;        /* the catalogue, loaded on first need */
	int macros_loaded;
	struct hcache hc;
	struct vg_scan_cache *scan_cache;       /* headers parsed once, by blob id */
	struct rmemo rm;
	struct origin *origins;         /* a file's baseline path, by (base, path) */
	size_t nr_origins, alloc_origins;
	struct bname *bnames;           /* the baseline's .names, sorted by name */
	size_t nr_bnames, alloc_bnames;
	struct vg_oid bnames_tree;      /* the baseline tree they were read from */
	int bnames_built;
	struct tlbits *tlb;             /* TARGET_LONG_BITS by (tree, target dir), -1 both */
	size_t nr_tlb, alloc_tlb;
	int tl_force;                   /* 32 or 64: the width a mixed target is judged at */
	struct broken *broken;          /* sections already broken, by (base, path, section) */
	size_t nr_broken, alloc_broken;
};

/* A judgement: base, parent and child snapshots and what changed. */
struct judge {
	struct vg_gate *g;
	struct vg_tree *base, *parent, *child;
	struct vg_tree **others;        /* a merge's other parents */
	size_t nr_others;
	const char *commit;             /* hex, or NULL for the index */
	const struct vg_oid *base_id;   /* the baseline commit, or NULL */
	const struct vg_oid *parent_id; /* the parent commit, or NULL */
	struct header *headers;
	size_t nr_headers, alloc_headers;
	struct unit *units;
	size_t nr_units, alloc_units;
	struct xdef *xdefs;             /* the changed files, scanned on demand */
	size_t nr_xdefs, alloc_xdefs;
};

/* gate-headers.c: include index and resolution, header cache, TARGET_LONG_BITS */
/* Is path in target/X/ of a target built both 32- and 64-bit (in tree)? 1, 0, -1 */
int vg_gate_tl_mixed(struct vg_gate *g, struct vg_tree *tree, const char *path);
void vg_gate_inc_entry_release(struct inc_entry *e);
void vg_gate_hcache_clear(struct hcache *c);
void vg_gate_hside_release(struct hside *s);
int vg_gate_hside_equal(const struct hside *a, const struct hside *b);
void vg_gate_rmemo_clear(struct rmemo *m);
int vg_gate_inc_update(struct vg_gate *g, const char *path, const struct vg_oid *blob);
int vg_gate_inc_build(struct vg_gate *g, struct vg_tree *tree);
int vg_gate_include_names(const char *inc, const char *header);
int vg_gate_resolve_include(struct vg_tree *tree, const char *from, const char *name,
			    char **out, struct vg_oid *id);
int vg_gate_same_dir(const char *a, const char *b);
int vg_gate_own_header_includes(struct vg_gate *g, struct vg_tree *tree,
				struct inc_entry *e, const char *path);
int vg_gate_hside_build(struct vg_gate *g, struct vg_tree *tree, const char *path,
		        const char *text, size_t len, struct hside *s);

/* gate-broken.c: sections an earlier commit of the cycle already broke */
void vg_gate_broken_release(struct vg_gate *g);
/*
 * after = findings(base -> child) less the parent's: drop the errors in
 * sections that before (findings(base -> parent)) already breaks, and
 * add one already-incompatible info per such section that the change
 * touches (its errors, or what parent -> child finds in it), naming the
 * commit since which it is broken.
 */
int vg_gate_already_broken(struct judge *j, const char *base_path, const char *base_text,
			   size_t base_len, const struct hside *base_hs,
			   const char *old_path, const char *old_text, size_t old_len,
			   const struct hside *old_hs, const char *new_path,
			   const char *new_text, size_t new_len, const struct hside *new_hs,
			   const struct vg_findings *before, struct vg_findings *after);

/*
 * A range as a whole: drop the errors of sections whose commits said
 * already-incompatible (list): the commit that broke them was flagged.
 */
void vg_gate_drop_already_broken(struct vg_findings *whole, const struct vg_findings *list);

/* gate-moves.c: renamed files, moved and surviving sections */
const struct vg_macros *vg_gate_catalogue(struct vg_gate *g);
const struct vg_desc *vg_gate_resolve_nested(struct judge *j, struct vg_tree *tree,
					     const char *var);
void vg_gate_xdefs_release(struct judge *j);
int vg_gate_base_origin(struct judge *j, const char *path, const char **out);
int vg_gate_survivors(struct judge *j, struct vg_findings *out, size_t start);
int vg_gate_pair_moves(struct judge *j, struct vg_findings *out, size_t start);
int vg_gate_by_name(struct judge *j, const struct unit *u, const char *new_, size_t new_len,
		    struct vg_findings *after, struct vg_findings *extra);

/*
 * Bisect the first-parent line from `from` back to `base` for the oldest
 * commit at which holds() is true, given that it holds at from, not at
 * base, and once true stays true. *first gets that commit and *before (if
 * not NULL) the one before it on the line (base at the end). Returns 1,
 * 0 when base is not within max_walk first parents of from, -1 on error.
 */
int vg_gate_bisect_line(struct vg_gate *g, const struct vg_oid *from, const struct vg_oid *base,
			size_t max_walk, int (*holds)(const struct vg_oid *id, void *ctx),
			void *ctx, struct vg_oid *first, struct vg_oid *before);

/* gate.c: file kinds and helpers of the judgement */
int vg_gate_ends_with(const char *s, const char *suffix);
int vg_gate_is_source(const char *path);
int vg_gate_has_vmstate(const char *buf, size_t len);
void vg_gate_subtract(struct vg_findings *list, const struct vg_findings *before);
int vg_gate_source_diff(struct judge *j,
		        const char *old_path, const char *old_buf, size_t old_len,
		        const struct hside *old_side,
		        const char *new_path, const char *new_buf, size_t new_len,
		        const struct hside *new_side, struct vg_findings *out);

#endif
