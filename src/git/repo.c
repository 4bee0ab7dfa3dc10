/*
 * Repository access through libgit2 (Debian's 1.5): the only <git2.h> user.
 * libgit2 is linked; every entry point below
 * starts with git_init().
 */
#include "git/repo.h"
#include "git/binpatch.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

/* A commit's baseline result, remembered (vg_repo.memo, by commit id). */
struct memo_entry {
	struct vg_oid key;
	int found;              /* 1 baseline, 0 none */
	struct vg_oid baseline;
	char *label;
};

struct tag_entry {
	struct vg_oid commit;
	char *name;             /* "v9.0.0" */
	unsigned long ver[3];
};

struct vg_repo {
	git_repository *git;
	int tags_loaded;
	struct tag_entry *tags;
	size_t nr_tags, alloc_tags;
	struct memo_entry *memo;
	size_t memo_nr, memo_alloc;
	struct vg_hashmap memo_map;     /* hash of key -> index into memo */
	int version_cached, version_rel;
	struct vg_oid version_blob;
	unsigned long version_ver[3];
	int saw_corruption;     /* a damaged object was met (exit 3, not 2) */
	int objects_in_memory;  /* writes go to an in-memory store */
	/* Where each blob looked up was seen (for "cannot read PATH in COMMIT"). */
	struct blob_where *where;
	size_t nr_where, alloc_where;
	struct vg_hashmap where_map;
};

struct blob_where {
	struct vg_oid blob;
	struct vg_oid commit;   /* zero: the index or a patched tree */
	char *path;
};

enum tree_kind { TREE_COMMIT, TREE_INDEX, TREE_EMPTY };

struct vg_tree {
	struct vg_repo *repo;
	enum tree_kind kind;
	struct vg_oid commit;   /* TREE_COMMIT of a commit: its id, for messages */
	git_tree *tree;
	git_index *index;
};

static int git_fail(const char *what)
{
	const git_error *e = git_error_last();

	return vg_error("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

/* Take a reference on libgit2's global state (git_libgit2_init). */
static int git_init(void)
{
	if (git_libgit2_init() < 0)
		return git_fail("cannot initialise libgit2");
	return 0;
}

void vg_oid_hex(const struct vg_oid *oid, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < sizeof(oid->id); i++) {
		buf[2 * i] = hex[oid->id[i] >> 4];
		buf[2 * i + 1] = hex[oid->id[i] & 15];
	}
	buf[VG_OID_HEXSZ] = '\0';
}

int vg_oid_equal(const struct vg_oid *a, const struct vg_oid *b)
{
	return !memcmp(a->id, b->id, sizeof(a->id));
}

int vg_oid_is_zero(const struct vg_oid *oid)
{
	static const struct vg_oid zero;

	return vg_oid_equal(oid, &zero);
}

static void to_vg(struct vg_oid *out, const git_oid *in)
{
	memcpy(out->id, in->id, sizeof(out->id));
}

static void to_git(git_oid *out, const struct vg_oid *in)
{
	memcpy(out->id, in->id, sizeof(in->id));
}

/*
 * Loose objects, inflated and checked here before libgit2 reads them:
 * Debian's libgit2 1.5 loops forever in git_odb_read on a truncated
 * loose object. This backend sits above libgit2's own (packs and loose),
 * returns every loose object it finds whole, fails on a damaged one with
 * a message naming it, and passes on (GIT_ENOTFOUND) what is not loose.
 */
struct loose_check {
	git_odb_backend parent;
	char **dirs;            /* objects directories, the main one first */
	size_t nr;
};

/* The largest loose file read (a loose object is one compressed blob). */
#define LOOSE_MAX ((off_t)1 << 31)

static int loose_fail(const git_oid *oid, const char *what)
{
	char hex[GIT_OID_HEXSZ + 1], msg[160];

	git_oid_tostr(hex, sizeof(hex), oid);
	snprintf(msg, sizeof(msg), "loose object %s is corrupt (%s); the repository needs repair (git fsck)",
		 hex, what);
	git_error_set_str(GIT_ERROR_ODB, msg);
	return -1;
}

/* The compressed bytes of OID's loose file, GIT_ENOTFOUND if there is none. */
static int loose_slurp(struct loose_check *lc, const git_oid *oid, unsigned char **out, size_t *len)
{
	char hex[GIT_OID_HEXSZ + 1], *path;
	struct stat st;
	size_t i, got = 0;
	int fd = -1;

	git_oid_tostr(hex, sizeof(hex), oid);
	for (i = 0; i < lc->nr && fd < 0; i++) {
		path = vg_asprintf("%s/%.2s/%s", lc->dirs[i], hex, hex + 2);
		if (!path)
			return -1;
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
		free(path);
	}
	if (fd < 0)
		return GIT_ENOTFOUND;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > LOOSE_MAX) {
		close(fd);
		return loose_fail(oid, "not a regular file of a sane size");
	}
	*out = malloc((size_t)st.st_size + 1);
	if (!*out) {
		close(fd);
		git_error_set_oom();
		return -1;
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *out + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return 0;
}

static git_object_t loose_type(const char *s, size_t n)
{
	static const struct { const char *name; git_object_t type; } types[] = {
		{ "blob", GIT_OBJECT_BLOB }, { "tree", GIT_OBJECT_TREE },
		{ "commit", GIT_OBJECT_COMMIT }, { "tag", GIT_OBJECT_TAG },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i].name) == n && !memcmp(types[i].name, s, n))
			return types[i].type;
	return GIT_OBJECT_INVALID;
}

/*
 * Inflate a whole loose object: "TYPE SIZE\0" then SIZE bytes, the stream
 * ending exactly there. DATA (for read) gets the body, or NULL (read_header).
 */
static int loose_inflate(struct loose_check *lc, const git_oid *oid, void **data,
			 size_t *len_out, git_object_t *type_out)
{
	unsigned char *raw = NULL, head[64], *body = NULL;
	size_t raw_len = 0, hlen, size = 0, i;
	z_stream z;
	int r, zr, ret = -1, zinit = 0;
	git_object_t type;

	r = loose_slurp(lc, oid, &raw, &raw_len);
	if (r)
		return r;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		ret = loose_fail(oid, "zlib cannot start");
		goto done;
	}
	zinit = 1;
	z.next_in = raw;
	z.avail_in = (uInt)raw_len;
	z.next_out = head;
	z.avail_out = sizeof(head);
	/* The header is at most 64 bytes; Z_SYNC_FLUSH gives what is there. */
	zr = inflate(&z, Z_SYNC_FLUSH);
	hlen = sizeof(head) - z.avail_out;
	if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
		ret = loose_fail(oid, "bad zlib data");
		goto done;
	}
	for (i = 0; i < hlen && head[i]; i++)
		;
	if (i == hlen) {
		ret = loose_fail(oid, "no object header");
		goto done;
	}
	{
		const char *sp = memchr(head, ' ', i);
		size_t k;

		type = sp ? loose_type((const char *)head, (size_t)(sp - (const char *)head)) : GIT_OBJECT_INVALID;
		if (type == GIT_OBJECT_INVALID || (size_t)((const unsigned char *)sp + 1 - head) >= i) {
			ret = loose_fail(oid, "bad object header");
			goto done;
		}
		for (k = (size_t)((const unsigned char *)sp + 1 - head); k < i; k++) {
			if (head[k] < '0' || head[k] > '9' || size > (SIZE_MAX - 9) / 10) {
				ret = loose_fail(oid, "bad object size");
				goto done;
			}
			size = size * 10 + (size_t)(head[k] - '0');
		}
	}
	if (size > (size_t)LOOSE_MAX * 1024) {
		ret = loose_fail(oid, "absurd object size");
		goto done;
	}
	body = data ? git_odb_backend_data_alloc(&lc->parent, size + 1) : malloc(size + 1);
	if (!body) {
		git_error_set_oom();
		goto done;
	}
	/* What of the body came with the header. */
	if (hlen - i - 1 > size) {
		ret = loose_fail(oid, "longer than its header says");
		goto done;
	}
	memcpy(body, head + i + 1, hlen - i - 1);
	z.next_out = body + (hlen - i - 1);
	z.avail_out = (uInt)(size - (hlen - i - 1));
	while (zr != Z_STREAM_END) {
		uInt before_in = z.avail_in, before_out = z.avail_out;

		zr = inflate(&z, Z_FINISH);
		if (zr == Z_STREAM_END)
			break;
		if (zr == Z_BUF_ERROR && z.avail_out == 0) {
			/* Output full but the stream goes on: too long. */
			unsigned char extra[1];

			z.next_out = extra;
			z.avail_out = 1;
			zr = inflate(&z, Z_FINISH);
			ret = loose_fail(oid, zr == Z_STREAM_END && z.avail_out == 1 ?
					 "bad zlib data" : "longer than its header says");
			goto done;
		}
		if ((zr != Z_OK && zr != Z_BUF_ERROR) ||
		    (z.avail_in == before_in && z.avail_out == before_out)) {
			ret = loose_fail(oid, zr == Z_DATA_ERROR ? "bad zlib data" : "truncated");
			goto done;
		}
	}
	if (z.avail_out != 0) {
		ret = loose_fail(oid, "shorter than its header says");
		goto done;
	}
	body[size] = '\0';
	*len_out = size;
	*type_out = type;
	if (data) {
		*data = body;
		body = NULL;
	}
	ret = 0;
done:
	if (body) {
		if (data)
			git_odb_backend_data_free(&lc->parent, body);
		else
			free(body);
	}
	free(raw);
	if (zinit)
		inflateEnd(&z);
	return ret;
}

static int loose_read(void **data, size_t *len, git_object_t *type, git_odb_backend *b,
		      const git_oid *oid)
{
	return loose_inflate((struct loose_check *)b, oid, data, len, type);
}

static int loose_read_header(size_t *len, git_object_t *type, git_odb_backend *b,
			     const git_oid *oid)
{
	return loose_inflate((struct loose_check *)b, oid, NULL, len, type);
}

static void loose_free(git_odb_backend *b)
{
	struct loose_check *lc = (struct loose_check *)b;
	size_t i;

	for (i = 0; i < lc->nr; i++)
		free(lc->dirs[i]);
	free(lc->dirs);
	free(lc);
}

static int loose_add_dir(struct loose_check *lc, const char *dir, size_t n)
{
	char **d;

	if (!n)
		return 0;
	d = realloc(lc->dirs, (lc->nr + 1) * sizeof(*d));
	if (!d)
		return vg_error("out of memory");
	lc->dirs = d;
	lc->dirs[lc->nr] = vg_strndup(dir, n);
	if (!lc->dirs[lc->nr])
		return -1;
	while (n > 1 && lc->dirs[lc->nr][n - 1] == '/')
		lc->dirs[lc->nr][--n] = '\0';
	lc->nr++;
	return 0;
}

/*
 * The object directories libgit2 reads loose objects from: GIT_OBJECT_DIRECTORY
 * (a push's quarantine) or the common dir's objects/, and the alternates of
 * GIT_ALTERNATE_OBJECT_DIRECTORIES (both honoured by GIT_REPOSITORY_OPEN_FROM_ENV).
 */
static int loose_check_install(struct vg_repo *repo)
{
	struct loose_check *lc;
	git_odb *odb = NULL;
	const char *env = getenv("GIT_OBJECT_DIRECTORY"), *alt, *colon;
	char *main_dir;
	int ret = -1;

	lc = vg_calloc(1, sizeof(*lc));
	if (!lc)
		return -1;
	if (git_odb_init_backend(&lc->parent, GIT_ODB_BACKEND_VERSION) < 0) {
		free(lc);
		return git_fail("cannot set up the loose object check");
	}
	lc->parent.read = loose_read;
	lc->parent.read_header = loose_read_header;
	lc->parent.free = loose_free;
	main_dir = env && *env ? vg_strdup(env)
		: vg_asprintf("%sobjects", git_repository_commondir(repo->git));
	if (!main_dir || loose_add_dir(lc, main_dir, strlen(main_dir)) < 0) {
		free(main_dir);
		goto done;
	}
	free(main_dir);
	for (alt = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES"); alt && *alt; alt = colon ? colon + 1 : NULL) {
		colon = strchr(alt, ':');
		if (loose_add_dir(lc, alt, colon ? (size_t)(colon - alt) : strlen(alt)) < 0)
			goto done;
	}
	if (git_repository_odb(&odb, repo->git) < 0) {
		git_fail("cannot open the object database");
		goto done;
	}
	/* Above libgit2's packs (2) and loose objects (1), below review's mempack. */
	if (git_odb_add_backend(odb, &lc->parent, 100) < 0) {
		git_fail("cannot add the loose object check");
		goto done;
	}
	lc = NULL;
	ret = 0;
done:
	if (lc)
		loose_free(&lc->parent);
	git_odb_free(odb);
	return ret;
}

static int safe_star_cb(const git_config_entry *e, void *payload)
{
	if (e->value && !strcmp(e->value, "*"))
		*(int *)payload = 1;
	return 0;
}

/*
 * safe.directory=* in the user's or the system's configuration (the usual
 * setting in CI containers) turns git's ownership check off; libgit2 1.5
 * ignores the '*', so do it here as git does. Only those files count, as
 * in git: a repository cannot vouch for itself.
 */
static void honour_safe_directory_star(void)
{
	git_config *cfg = NULL;
	int star = 0;

	if (git_config_open_default(&cfg) < 0) {
		git_error_clear();
		return;
	}
	if (git_config_get_multivar_foreach(cfg, "safe.directory", NULL, safe_star_cb, &star) < 0)
		git_error_clear();
	git_config_free(cfg);
	if (star)
		git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

/*
 * git_repository_open_ext(GIT_REPOSITORY_OPEN_FROM_ENV), but with
 * GIT_WORK_TREE (git --git-dir=X --work-tree=Y, which hooks inherit):
 * libgit2 1.5 fails "GIT_WORK_TREE unimplemented". Open without it, then
 * set the work tree.
 */
static int open_from_env(git_repository **out)
{
	const char *env = getenv("GIT_WORK_TREE");
	char *wt = NULL, *abs = NULL;
	int r;

	if (!env || !*env)
		return git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (!(wt = strdup(env)))
		return -1;
	abs = realpath(wt, NULL);
	unsetenv("GIT_WORK_TREE");
	r = git_repository_open_ext(out, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	setenv("GIT_WORK_TREE", wt, 1);
	if (!r && !abs) {
		git_error_set_str(GIT_ERROR_OS, "GIT_WORK_TREE is not a directory");
		r = -1;
	}
	if (!r && git_repository_set_workdir(*out, abs, 0) < 0)
		r = -1;
	if (r && *out) {
		git_repository_free(*out);
		*out = NULL;
	}
	free(abs);
	free(wt);
	return r;
}

int vg_repo_open(struct vg_repo **out)
{
	struct vg_repo *repo;

	*out = NULL;
	if (git_init() < 0)
		return -1;
	/*
	 * A range reads the same sources again and again (the baseline's,
	 * the parent's): keep blobs of up to 1 MiB in libgit2's cache.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, (size_t)1 << 20);
	/*
	 * And trees: resolving #include lines walks the same directories
	 * (include/hw, hw/..., target/...) of every snapshot, most of them
	 * larger than libgit2's 4 KiB default for cached trees.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)256 << 20);
	repo = vg_calloc(1, sizeof(*repo));
	if (!repo) {
		git_libgit2_shutdown();
		return -1;
	}
	honour_safe_directory_star();
	if (open_from_env(&repo->git) < 0) {
		const git_error *e = git_error_last();

		if (e && e->message && (strstr(e->message, "not owned by current user") ||
					   strstr(e->message, "safe.directory")))
			git_fail("not a git repository you own (git's safe.directory: "
				 "git config --global --add safe.directory PATH)");
		else
			git_fail("not a git repository (or cannot open it)");
		free(repo);
		git_libgit2_shutdown();
		return -1;
	}
	if (loose_check_install(repo) < 0) {
		git_repository_free(repo->git);
		free(repo);
		git_libgit2_shutdown();
		return -1;
	}
	*out = repo;
	return 0;
}

void vg_repo_free(struct vg_repo *repo)
{
	size_t i;

	if (!repo)
		return;
	for (i = 0; i < repo->nr_tags; i++)
		free(repo->tags[i].name);
	free(repo->tags);
	for (i = 0; i < repo->memo_nr; i++)
		free(repo->memo[i].label);
	free(repo->memo);
	for (i = 0; i < repo->nr_where; i++)
		free(repo->where[i].path);
	free(repo->where);
	vg_hashmap_release(&repo->where_map);
	vg_hashmap_release(&repo->memo_map);
	git_repository_free(repo->git);
	free(repo);
	git_libgit2_shutdown();
}

/*
 * rev with a leading abbreviated object id ("1f5193a~2") written in
 * full, or NULL to take rev as it is. libgit2 reads an abbreviated object
 * through every backend, its own loose one included, which hangs on a
 * truncated object; the full id is read through the loose check first.
 * As git does, a ref of that name wins.
 */
static char *expand_short_id(struct vg_repo *repo, const char *rev)
{
	size_t n = strspn(rev, "0123456789abcdefABCDEF");
	git_reference *ref = NULL;
	git_odb *odb = NULL;
	git_oid short_id, full;
	char hex[GIT_OID_HEXSZ + 1], *head, *out = NULL;

	size_t refn = strcspn(rev, "~^@:");
	git_reference *resolved = NULL;

	/*
	 * A ref ("HEAD", "v1.0.0~2"; not "HEAD@{1}") is written as the id it
	 * points to: libgit2 1.5 leaks when it peels a ref to a damaged object.
	 */
	if (refn && rev[refn] != '@' && (head = vg_strndup(rev, refn))) {
		if (git_reference_dwim(&ref, repo->git, head) == 0 &&
		    git_reference_resolve(&resolved, ref) == 0 && git_reference_target(resolved)) {
			git_oid_tostr(hex, sizeof(hex), git_reference_target(resolved));
			out = vg_asprintf("%s%s", hex, rev + refn);
		}
		git_reference_free(resolved);
		git_reference_free(ref);
		free(head);
		git_error_clear();
		if (out)
			return out;
		ref = NULL;
	}
	if (n < 4 || n >= GIT_OID_HEXSZ || (rev[n] && !strchr("~^@:", rev[n])))
		return NULL;
	if (!(head = vg_strndup(rev, n)))
		return NULL;
	if (git_reference_dwim(&ref, repo->git, head) == 0) {
		git_reference_free(ref);
		free(head);
		return NULL;
	}
	if (git_oid_fromstrn(&short_id, head, n) == 0 && git_repository_odb(&odb, repo->git) == 0 &&
	    git_odb_exists_prefix(&full, odb, &short_id, n) == 0) {
		git_oid_tostr(hex, sizeof(hex), &full);
		out = vg_asprintf("%s%s", hex, rev + n);
	}
	git_error_clear();
	git_odb_free(odb);
	free(head);
	return out;
}

int vg_repo_saw_corruption(const struct vg_repo *repo)
{
	return repo && repo->saw_corruption;
}

int vg_repo_resolve_commit(struct vg_repo *repo, const char *rev, struct vg_oid *out)
{
	git_object *obj = NULL, *peeled = NULL;
	char *full = expand_short_id(repo, rev);
	int ret = -1;

	if (git_revparse_single(&obj, repo->git, full ? full : rev) < 0) {
		const git_error *e = git_error_last();

		/* A damaged object is not an unknown revision: say what it is. */
		if (e && e->message && strstr(e->message, "is corrupt")) {
			repo->saw_corruption = 1;
			ret = vg_error("cannot resolve '%s': %s", rev, e->message);
		}
		else
			ret = vg_error("unknown revision '%s'", rev);
		goto done;
	}
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		ret = vg_error("'%s' is not a commit", rev);
		goto done;
	}
	to_vg(out, git_object_id(peeled));
	ret = 0;
done:
	free(full);
	git_object_free(peeled);
	git_object_free(obj);
	return ret;
}

int vg_repo_head(struct vg_repo *repo, struct vg_oid *out, int *unborn)
{
	git_oid id;
	int err;

	*unborn = 0;
	err = git_reference_name_to_id(&id, repo->git, "HEAD");
	if (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH) {
		*unborn = 1;
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (err < 0)
		return git_fail("cannot resolve HEAD");
	to_vg(out, &id);
	return 0;
}

/* Remember where blob was found (best effort: a failed allocation only loses the hint). */
static void note_where(struct vg_repo *repo, const struct vg_oid *blob, const char *path,
		       const struct vg_oid *commit)
{
	uint64_t h = vg_hash_mem(blob->id, sizeof(blob->id));
	size_t pos = 0, i;
	char *p;

	while ((i = vg_hashmap_next(&repo->where_map, h, &pos)) != VG_HASHMAP_NONE)
		if (vg_oid_equal(&repo->where[i].blob, blob))
			return;
	if (!(p = strdup(path)))
		return;
	if (VG_GROW(repo->where, repo->alloc_where, repo->nr_where + 1) < 0 ||
	    vg_hashmap_add(&repo->where_map, h, repo->nr_where) < 0) {
		free(p);
		return;
	}
	repo->where[repo->nr_where].blob = *blob;
	if (commit)
		repo->where[repo->nr_where].commit = *commit;
	else
		memset(&repo->where[repo->nr_where].commit, 0, sizeof(struct vg_oid));
	repo->where[repo->nr_where++].path = p;
}

static const struct blob_where *find_where(const struct vg_repo *repo, const struct vg_oid *blob)
{
	uint64_t h = vg_hash_mem(blob->id, sizeof(blob->id));
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(&repo->where_map, h, &pos)) != VG_HASHMAP_NONE)
		if (vg_oid_equal(&repo->where[i].blob, blob))
			return &repo->where[i];
	return NULL;
}

static int lookup_commit(struct vg_repo *repo, const struct vg_oid *id, git_commit **out)
{
	git_oid oid;
	char hex[VG_OID_HEXSZ + 1];

	to_git(&oid, id);
	if (git_commit_lookup(out, repo->git, &oid) < 0) {
		vg_oid_hex(id, hex);
		if (git_error_last() && git_error_last()->klass == GIT_ERROR_ODB &&
		    git_repository_is_shallow(repo->git) == 1)
			return vg_error("commit %s is not in this shallow clone: fetch the history "
					"back to the previous release (git fetch --unshallow, or "
					"--deepen=N), or name the baseline with --baseline REV", hex);
		return git_fail(hex);
	}
	return 0;
}

int vg_repo_parents(struct vg_repo *repo, const struct vg_oid *commit,
		    struct vg_oid *parents, size_t max, size_t *nr)
{
	git_commit *c;
	unsigned int i, n;

	if (lookup_commit(repo, commit, &c) < 0)
		return -1;
	n = git_commit_parentcount(c);
	*nr = n;
	for (i = 0; i < n && i < max; i++)
		to_vg(&parents[i], git_commit_parent_id(c, i));
	git_commit_free(c);
	return 0;
}

int vg_repo_subject(struct vg_repo *repo, const struct vg_oid *commit, char **out)
{
	git_commit *c;
	const char *s;

	if (lookup_commit(repo, commit, &c) < 0)
		return -1;
	s = git_commit_summary(c);
	*out = vg_strdup(s ? s : "");
	git_commit_free(c);
	return *out ? 0 : -1;
}

int vg_repo_message(struct vg_repo *repo, const struct vg_oid *commit, char **out)
{
	git_commit *c;
	const char *msg;

	if (lookup_commit(repo, commit, &c) < 0)
		return -1;
	msg = git_commit_message_raw(c);
	*out = vg_strdup(msg ? msg : "");
	git_commit_free(c);
	return *out ? 0 : -1;
}

int vg_repo_range(struct vg_repo *repo, const struct vg_oid *pos, size_t nr_pos,
		  const struct vg_oid *neg, size_t nr_neg,
		  struct vg_oid **out, size_t *nr)
{
	git_revwalk *walk = NULL;
	git_oid id;
	struct vg_oid *list = NULL;
	size_t n = 0, alloc = 0, i;
	int err, ret = -1;

	*out = NULL;
	*nr = 0;
	if (git_revwalk_new(&walk, repo->git) < 0) {
		git_fail("cannot walk history");
		goto done;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	for (i = 0; i < nr_pos; i++) {
		to_git(&id, &pos[i]);
		if (git_revwalk_push(walk, &id) < 0) {
			git_fail("cannot walk history");
			goto done;
		}
	}
	for (i = 0; i < nr_neg; i++) {
		to_git(&id, &neg[i]);
		if (git_revwalk_hide(walk, &id) < 0) {
			git_fail("cannot walk history");
			goto done;
		}
	}
	while (!(err = git_revwalk_next(&id, walk))) {
		if (VG_GROW(list, alloc, n + 1) < 0)
			goto done;
		to_vg(&list[n++], &id);
	}
	if (err != GIT_ITEROVER) {
		git_fail("cannot walk history");
		goto done;
	}
	*out = list;
	*nr = n;
	list = NULL;
	ret = 0;
done:
	free(list);
	git_revwalk_free(walk);
	return ret;
}

/* Trees. */

static struct vg_tree *tree_new(struct vg_repo *repo, enum tree_kind kind)
{
	struct vg_tree *t = vg_calloc(1, sizeof(*t));

	if (t) {
		t->repo = repo;
		t->kind = kind;
	}
	return t;
}

int vg_tree_of_commit(struct vg_repo *repo, const struct vg_oid *commit,
		      struct vg_tree **out)
{
	git_commit *c;
	struct vg_tree *t;

	*out = NULL;
	if (lookup_commit(repo, commit, &c) < 0)
		return -1;
	t = tree_new(repo, TREE_COMMIT);
	if (!t) {
		git_commit_free(c);
		return -1;
	}
	if (git_commit_tree(&t->tree, c) < 0) {
		git_commit_free(c);
		free(t);
		return git_fail("cannot read a commit's tree");
	}
	t->commit = *commit;
	git_commit_free(c);
	*out = t;
	return 0;
}

int vg_tree_of_index(struct vg_repo *repo, struct vg_tree **out)
{
	struct vg_tree *t;

	*out = NULL;
	if (git_repository_is_bare(repo->git))
		return vg_error("a bare repository has no index to check (--staged needs a work tree)");
	t = tree_new(repo, TREE_INDEX);
	if (!t)
		return -1;
	if (git_repository_index(&t->index, repo->git) < 0) {
		free(t);
		return git_fail("cannot read the index");
	}
	if (git_index_has_conflicts(t->index)) {
		git_index_free(t->index);
		free(t);
		return vg_error("the index has unmerged entries; resolve them first");
	}
	*out = t;
	return 0;
}

int vg_tree_empty(struct vg_repo *repo, struct vg_tree **out)
{
	*out = tree_new(repo, TREE_EMPTY);
	return *out ? 0 : -1;
}

void vg_tree_free(struct vg_tree *tree)
{
	if (!tree)
		return;
	git_tree_free(tree->tree);
	git_index_free(tree->index);
	free(tree);
}

static int mode_is_file(unsigned mode)
{
	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

int vg_tree_id(const struct vg_tree *tree, struct vg_oid *out)
{
	if (tree->kind != TREE_COMMIT)
		return 0;
	to_vg(out, git_tree_id(tree->tree));
	return 1;
}

int vg_tree_blob_id(struct vg_tree *tree, const char *path, struct vg_oid *out)
{
	git_tree_entry *e = NULL;
	const git_index_entry *ie;
	int err;

	memset(out, 0, sizeof(*out));
	switch (tree->kind) {
	case TREE_EMPTY:
		return 0;
	case TREE_INDEX:
		ie = git_index_get_bypath(tree->index, path, 0);
		if (!ie || !mode_is_file(ie->mode))
			return 0;
		to_vg(out, &ie->id);
		note_where(tree->repo, out, path, NULL);
		return 1;
	case TREE_COMMIT:
		err = git_tree_entry_bypath(&e, tree->tree, path);
		if (err == GIT_ENOTFOUND)
			return 0;
		if (err < 0)
			return git_fail(path);
		if (!mode_is_file(git_tree_entry_filemode(e))) {
			git_tree_entry_free(e);
			return 0;
		}
		to_vg(out, git_tree_entry_id(e));
		git_tree_entry_free(e);
		note_where(tree->repo, out, path, vg_oid_is_zero(&tree->commit) ? NULL : &tree->commit);
		return 1;
	}
	return 0;
}

/* A blob's bytes; -1 with libgit2's error left for the caller. */
static int read_blob(struct vg_repo *repo, const struct vg_oid *blob, char **buf, size_t *len)
{
	git_blob *b;
	git_oid id;
	git_object_size_t size;

	*buf = NULL;
	*len = 0;
	to_git(&id, blob);
	if (git_blob_lookup(&b, repo->git, &id) < 0)
		return -1;
	size = git_blob_rawsize(b);
	*buf = malloc((size_t)size + 1);
	if (!*buf) {
		git_blob_free(b);
		git_error_set_oom();
		return -1;
	}
	memcpy(*buf, git_blob_rawcontent(b), (size_t)size);
	(*buf)[size] = '\0';
	*len = (size_t)size;
	git_blob_free(b);
	return 0;
}

/* A blob of tree that cannot be read: say which file, in which commit. */
static int tree_read_fail(struct vg_tree *tree, const char *path, const struct vg_oid *blob)
{
	const git_error *e = git_error_last();
	char hex[VG_OID_HEXSZ + 1], where[VG_OID_HEXSZ + 32], why[256];
	int shallow;

	vg_oid_hex(blob, hex);
	if (tree->kind == TREE_COMMIT && !vg_oid_is_zero(&tree->commit)) {
		char c[VG_OID_HEXSZ + 1];

		vg_oid_hex(&tree->commit, c);
		snprintf(where, sizeof(where), "commit %.12s", c);
	} else {
		snprintf(where, sizeof(where), "%s", tree->kind == TREE_INDEX ? "the index" : "a patched tree");
	}
	/* Copied first: the calls below reset libgit2's last error. */
	snprintf(why, sizeof(why), "%s", e && e->message && *e->message ? e->message : "object not found");
	shallow = git_repository_is_shallow(tree->repo->git) == 1;
	if (strstr(why, "is corrupt"))      /* the loose object check said it all */
		return vg_error("cannot read '%s' in %s: %s", path, where, why);
	return vg_error("cannot read '%s' in %s (blob %.12s): %s (%s)", path, where, hex, why,
			shallow ? "a shallow or partial clone? fetch more history" :
			"a damaged or partial clone? git fsck");
}

int vg_repo_read_blob(struct vg_repo *repo, const struct vg_oid *blob,
		      char **buf, size_t *len)
{
	git_blob *b;
	git_oid id;
	git_object_size_t size;
	char hex[VG_OID_HEXSZ + 1];

	*buf = NULL;
	*len = 0;
	to_git(&id, blob);
	if (git_blob_lookup(&b, repo->git, &id) < 0) {
		const struct blob_where *w = find_where(repo, blob);

		vg_oid_hex(blob, hex);
		if (w) {
			struct vg_tree t;

			memset(&t, 0, sizeof(t));
			t.repo = repo;
			t.kind = vg_oid_is_zero(&w->commit) ? TREE_INDEX : TREE_COMMIT;
			t.commit = w->commit;
			return tree_read_fail(&t, w->path, blob);
		}
		return git_fail(hex);
	}
	size = git_blob_rawsize(b);
	*buf = vg_malloc((size_t)size + 1);
	if (!*buf) {
		git_blob_free(b);
		return -1;
	}
	memcpy(*buf, git_blob_rawcontent(b), (size_t)size);
	(*buf)[size] = '\0';
	*len = (size_t)size;
	git_blob_free(b);
	return 0;
}

int vg_tree_read(struct vg_tree *tree, const char *path, char **buf, size_t *len)
{
	struct vg_oid id;
	int found;

	*buf = NULL;
	*len = 0;
	found = vg_tree_blob_id(tree, path, &id);
	if (found <= 0)
		return found;
	if (read_blob(tree->repo, &id, buf, len) < 0)
		return tree_read_fail(tree, path, &id);
	return 0;
}

struct walk_ctx {
	const char *suffix;
	int (*fn)(const char *path, const struct vg_oid *blob, void *payload);
	void *payload;
	int ret;
	struct vg_buf path;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !memcmp(s + ls - lx, suffix, lx);
}

static int walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct walk_ctx *ctx = payload;
	const char *name = git_tree_entry_name(entry);
	struct vg_oid id;

	if (!mode_is_file(git_tree_entry_filemode(entry)))
		return 0;
	if (ctx->suffix && !ends_with(name, ctx->suffix))
		return 0;
	ctx->path.len = 0;
	if (vg_buf_puts(&ctx->path, root) < 0 || vg_buf_puts(&ctx->path, name) < 0) {
		ctx->ret = -1;
		return -1;
	}
	to_vg(&id, git_tree_entry_id(entry));
	ctx->ret = ctx->fn(ctx->path.buf, &id, ctx->payload);
	return ctx->ret ? -1 : 0;
}

int vg_tree_foreach_file(struct vg_tree *tree, const char *suffix,
			 int (*fn)(const char *path, const struct vg_oid *blob,
				   void *payload),
			 void *payload)
{
	struct walk_ctx ctx = { suffix, fn, payload, 0, VG_BUF_INIT };
	size_t i, n;
	int err = 0;

	switch (tree->kind) {
	case TREE_EMPTY:
		break;
	case TREE_INDEX:
		n = git_index_entrycount(tree->index);
		for (i = 0; i < n && !ctx.ret; i++) {
			const git_index_entry *e = git_index_get_byindex(tree->index, i);
			struct vg_oid id;

			if (!e || git_index_entry_stage(e) || !mode_is_file(e->mode))
				continue;
			if (suffix && !ends_with(e->path, suffix))
				continue;
			to_vg(&id, &e->id);
			ctx.ret = fn(e->path, &id, payload);
		}
		break;
	case TREE_COMMIT:
		err = git_tree_walk(tree->tree, GIT_TREEWALK_PRE, walk_cb, &ctx);
		if (err < 0 && !ctx.ret)
			ctx.ret = git_fail("cannot walk a tree");
		break;
	}
	vg_buf_release(&ctx.path);
	return ctx.ret;
}

/* Diffs. */

static int add_change(struct vg_repo *repo, const struct vg_tree *old, const struct vg_tree *new_,
		      struct vg_changes *out, const git_diff_delta *d)
{
	struct vg_change *c;

	if (VG_GROW(out->items, out->alloc, out->nr + 1) < 0)
		return -1;
	c = &out->items[out->nr];
	memset(c, 0, sizeof(*c));
	if (d->status != GIT_DELTA_ADDED && mode_is_file(d->old_file.mode)) {
		if (!(c->old_path = vg_strdup(d->old_file.path)))
			return -1;
		to_vg(&c->old_blob, &d->old_file.id);
		note_where(repo, &c->old_blob, c->old_path,
			   old && !vg_oid_is_zero(&old->commit) ? &old->commit : NULL);
	}
	if (d->status != GIT_DELTA_DELETED && mode_is_file(d->new_file.mode)) {
		if (!(c->new_path = vg_strdup(d->new_file.path))) {
			free(c->old_path);
			return -1;
		}
		to_vg(&c->new_blob, &d->new_file.id);
		note_where(repo, &c->new_blob, c->new_path,
			   new_ && !vg_oid_is_zero(&new_->commit) ? &new_->commit : NULL);
	}
	if (!c->old_path && !c->new_path)
		return 0;       /* submodules, symlinks */
	out->nr++;
	return 0;
}

int vg_repo_diff(struct vg_repo *repo, struct vg_tree *old, struct vg_tree *new_,
		 struct vg_changes *out)
{
	git_diff *diff = NULL;
	git_diff_options opts;
	git_diff_find_options fopts;
	git_tree *old_tree = old->kind == TREE_COMMIT ? old->tree : NULL;
	size_t i, n;
	int ret = -1;

	if (old->kind == TREE_INDEX)
		return vg_error("internal error: the index can only be the new side of a diff");
	if (git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) < 0 ||
	    git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION) < 0)
		return git_fail("cannot set up a diff");
	opts.flags |= GIT_DIFF_SKIP_BINARY_CHECK;
	if (new_->kind == TREE_INDEX) {
		if (git_diff_tree_to_index(&diff, repo->git, old_tree, new_->index, &opts) < 0) {
			git_fail("cannot compare the index with HEAD");
			goto done;
		}
	} else if (git_diff_tree_to_tree(&diff, repo->git, old_tree,
					 new_->kind == TREE_COMMIT ? new_->tree : NULL,
					 &opts) < 0) {
		git_fail("cannot compare two trees");
		goto done;
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &fopts) < 0) {
		git_fail("cannot detect renames");
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++)
		if (add_change(repo, old, new_, out, git_diff_get_delta(diff, i)) < 0)
			goto done;
	ret = 0;
done:
	git_diff_free(diff);
	return ret;
}

void vg_changes_release(struct vg_changes *changes)
{
	size_t i;

	for (i = 0; i < changes->nr; i++) {
		free(changes->items[i].old_path);
		free(changes->items[i].new_path);
	}
	free(changes->items);
	memset(changes, 0, sizeof(*changes));
}

/* Releases and baselines. */

/* "vX.Y.Z" (tag) or "X.Y.Z" (VERSION) with Z < 50; fills ver. */
static int parse_release(const char *s, size_t len, unsigned long ver[3])
{
	size_t i = 0;
	int k;

	for (k = 0; k < 3; k++) {
		unsigned long v = 0;
		size_t start = i;

		while (i < len && isdigit((unsigned char)s[i]) && i - start < 6)
			v = v * 10 + (unsigned long)(s[i++] - '0');
		if (i == start)
			return 0;
		ver[k] = v;
		if (k < 2) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	while (i < len && isspace((unsigned char)s[i]))
		i++;
	return i == len && ver[2] < 50;
}

static int tag_cb(const char *name, git_oid *oid, void *payload)
{
	struct vg_repo *repo = payload;
	const char *short_name = name + strlen("refs/tags/");
	git_object *obj = NULL, *peeled = NULL;
	struct tag_entry *t;
	unsigned long ver[3];

	if (!vg_starts_with(name, "refs/tags/v") ||
	    !parse_release(short_name + 1, strlen(short_name + 1), ver))
		return 0;
	if (git_object_lookup(&obj, repo->git, oid, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return 0;       /* a tag of a tree or a blob: not a release */
	}
	if (VG_GROW(repo->tags, repo->alloc_tags, repo->nr_tags + 1) < 0)
		goto fail;
	t = &repo->tags[repo->nr_tags];
	to_vg(&t->commit, git_object_id(peeled));
	memcpy(t->ver, ver, sizeof(ver));
	if (!(t->name = vg_strdup(short_name)))
		goto fail;
	repo->nr_tags++;
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
fail:
	git_object_free(peeled);
	git_object_free(obj);
	return -1;
}

static int load_tags(struct vg_repo *repo)
{
	int err;

	if (repo->tags_loaded)
		return 0;
	err = git_tag_foreach(repo->git, tag_cb, repo);
	if (err < 0 && err != GIT_ENOTFOUND)
		return git_fail("cannot list tags");
	repo->tags_loaded = 1;
	return 0;
}

/* The highest release tag pointing at commit, or NULL. */
static const struct tag_entry *release_tag(struct vg_repo *repo, const struct vg_oid *commit)
{
	const struct tag_entry *best = NULL;
	size_t i;

	for (i = 0; i < repo->nr_tags; i++) {
		const struct tag_entry *t = &repo->tags[i];

		if (!vg_oid_equal(&t->commit, commit))
			continue;
		if (!best || t->ver[0] > best->ver[0] ||
		    (t->ver[0] == best->ver[0] && (t->ver[1] > best->ver[1] ||
		     (t->ver[1] == best->ver[1] && t->ver[2] > best->ver[2]))))
			best = t;
	}
	return best;
}

char *vg_repo_describe(struct vg_repo *repo, const struct vg_oid *commit)
{
	const struct tag_entry *t;
	char hex[VG_OID_HEXSZ + 1];

	if (load_tags(repo) == 0 && (t = release_tag(repo, commit)))
		return vg_strdup(t->name);
	vg_oid_hex(commit, hex);
	return vg_strndup(hex, 12);
}

static struct memo_entry *memo_find(struct vg_repo *repo, const struct vg_oid *key)
{
	size_t pos = 0, i;
	uint64_t h = vg_hash_mem(key->id, sizeof(key->id));

	while ((i = vg_hashmap_next(&repo->memo_map, h, &pos)) != VG_HASHMAP_NONE)
		if (vg_oid_equal(&repo->memo[i].key, key))
			return &repo->memo[i];
	return NULL;
}

static int memo_put(struct vg_repo *repo, const struct vg_oid *key, int found,
		    const struct vg_oid *baseline, const char *label)
{
	struct memo_entry *e;

	if (memo_find(repo, key))
		return 0;
	if (VG_GROW(repo->memo, repo->memo_alloc, repo->memo_nr + 1) < 0)
		return -1;
	e = &repo->memo[repo->memo_nr];
	memset(e, 0, sizeof(*e));
	e->key = *key;
	e->found = found;
	if (found) {
		e->baseline = *baseline;
		if (!(e->label = vg_strdup(label)))
			return -1;
	}
	if (vg_hashmap_add(&repo->memo_map, vg_hash_mem(key->id, sizeof(key->id)),
			   repo->memo_nr) < 0) {
		free(e->label);
		return -1;
	}
	repo->memo_nr++;
	return 0;
}

/*
 * The first parent, 1 if there is one, 0 at a root or a shallow boundary
 * (*cut set there, when cut is not NULL).
 */
static int first_parent_cut(struct vg_repo *repo, const struct vg_oid *commit,
			    struct vg_oid *out, int *cut);

static int first_parent(struct vg_repo *repo, const struct vg_oid *commit, struct vg_oid *out)
{
	return first_parent_cut(repo, commit, out, NULL);
}

static int first_parent_cut(struct vg_repo *repo, const struct vg_oid *commit,
			    struct vg_oid *out, int *cut)
{
	git_commit *c;
	git_odb *odb = NULL;
	git_oid id;
	int n;

	if (lookup_commit(repo, commit, &c) < 0)
		return -1;
	n = git_commit_parentcount(c) > 0;
	if (n) {
		to_vg(out, git_commit_parent_id(c, 0));
		git_oid_cpy(&id, git_commit_parent_id(c, 0));
	}
	git_commit_free(c);
	if (n) {
		/* A shallow clone lists parents it does not have. */
		if (git_repository_odb(&odb, repo->git) < 0)
			return git_fail("cannot open the object database");
		n = git_odb_exists(odb, &id) ? 1 : 0;
		git_odb_free(odb);
		if (!n && cut)
			*cut = 1;
	}
	return n;
}

/*
 * The VERSION blob of a commit and whether it names a release; ver is
 * filled when it does. Returns 1 release, 0 not, -1 error. The last
 * blob's verdict is cached: VERSION rarely changes.
 */
static int version_of(struct vg_repo *repo, const struct vg_oid *commit,
		      struct vg_oid *blob, unsigned long ver[3])
{
	struct vg_tree *t = NULL;
	char *buf = NULL;
	size_t len;
	int found, ret = -1;

	memset(blob, 0, sizeof(*blob));
	if (vg_tree_of_commit(repo, commit, &t) < 0)
		return -1;
	found = vg_tree_blob_id(t, "VERSION", blob);
	if (found < 0)
		goto done;
	ret = 0;
	if (!found)
		goto done;
	if (repo->version_cached && vg_oid_equal(blob, &repo->version_blob)) {
		ret = repo->version_rel;
		memcpy(ver, repo->version_ver, sizeof(repo->version_ver));
		goto done;
	}
	if (vg_repo_read_blob(repo, blob, &buf, &len) < 0) {
		ret = -1;
		goto done;
	}
	memset(repo->version_ver, 0, sizeof(repo->version_ver));
	ret = parse_release(buf, len, repo->version_ver);
	memcpy(ver, repo->version_ver, sizeof(repo->version_ver));
	repo->version_cached = 1;
	repo->version_blob = *blob;
	repo->version_rel = ret;
done:
	free(buf);
	vg_tree_free(t);
	return ret;
}

struct visited {
	struct vg_oid *ids;
	size_t nr, alloc;
};

static int visited_add(struct visited *v, const struct vg_oid *id)
{
	if (VG_GROW(v->ids, v->alloc, v->nr + 1) < 0)
		return -1;
	v->ids[v->nr++] = *id;
	return 0;
}

/*
 * c's VERSION names a release: walk back to the commit that set VERSION
 * to it (the oldest first-parent ancestor with the same VERSION blob).
 */
static int version_set_by(struct vg_repo *repo, struct vg_oid *c, const struct vg_oid *rblob,
			  struct visited *seen)
{
	struct vg_oid p, blob;
	unsigned long ver[3];
	int fp;

	for (;;) {
		fp = first_parent(repo, c, &p);
		if (fp <= 0)
			return fp;
		if (version_of(repo, &p, &blob, ver) < 0)
			return -1;
		if (!vg_oid_equal(&blob, rblob))
			return 0;
		*c = p;
		if (visited_add(seen, c) < 0)
			return -1;
	}
}

/*
 * Walk first-parent history from commit to the nearest release: by tag
 * when use_tags, else by VERSION. Commits on the way are memoised.
 */
static int baseline_walk(struct vg_repo *repo, const struct vg_oid *commit, int use_tags,
			 struct vg_oid *out, char **label)
{
	struct visited seen = { NULL, 0, 0 };
	struct vg_oid c = *commit, p, base, blob;
	const struct memo_entry *m;
	const struct tag_entry *t;
	unsigned long ver[3];
	char *lab = NULL;
	int found = 0, fp, rel, ret = -1, cut = 0;
	size_t i;

	for (;;) {
		if ((m = memo_find(repo, &c))) {
			found = m->found;
			if (found) {
				base = m->baseline;
				if (!(lab = vg_strdup(m->label)))
					goto done;
			}
			break;
		}
		if (visited_add(&seen, &c) < 0)
			goto done;
		if (use_tags) {
			if ((t = release_tag(repo, &c))) {
				found = 1;
				base = c;
				if (!(lab = vg_strdup(t->name)))
					goto done;
				break;
			}
		} else {
			rel = version_of(repo, &c, &blob, ver);
			if (rel < 0)
				goto done;
			if (rel) {
				base = c;
				if (version_set_by(repo, &base, &blob, &seen) < 0)
					goto done;
				found = 1;
				lab = vg_asprintf("VERSION %lu.%lu.%lu", ver[0], ver[1], ver[2]);
				if (!lab)
					goto done;
				break;
			}
		}
		fp = first_parent_cut(repo, &c, &p, &cut);
		if (fp < 0)
			goto done;
		if (!fp)
			break;
		c = p;
	}
	if (!found && use_tags) {
		/* Tags, but none on this first-parent chain: VERSION decides. */
		free(seen.ids);
		return baseline_walk(repo, commit, 0, out, label);
	}
	if (!found && !cut && !m) {
		/*
		 * The whole history and no release in it (a tree imported from
		 * a snapshot, VERSION a development version from the start):
		 * the oldest first-parent commit stands in for the release. A
		 * shallow clone, cut off before any release, has none.
		 */
		char hex[VG_OID_HEXSZ + 1];

		vg_oid_hex(&c, hex);
		base = c;
		found = 1;
		lab = vg_asprintf("%.12s, the oldest commit (no release in the history: it "
				  "stands in for one)", hex);
		if (!lab)
			goto done;
	}
	for (i = 0; i < seen.nr; i++)
		if (memo_put(repo, &seen.ids[i], found, &base, lab) < 0)
			goto done;
	if (found) {
		*out = base;
		*label = lab;
		lab = NULL;
	}
	ret = found;
done:
	free(lab);
	free(seen.ids);
	return ret;
}

int vg_repo_baseline(struct vg_repo *repo, const struct vg_oid *commit,
		     struct vg_oid *out, char **label)
{
	*label = NULL;
	if (load_tags(repo) < 0)
		return -1;
	return baseline_walk(repo, commit, repo->nr_tags > 0, out, label);
}

/* Notes. */

int vg_repo_note_write(struct vg_repo *repo, const char *notes_ref,
		       const struct vg_oid *commit, const char *text)
{
	git_signature *sig = NULL;
	git_oid note_id, target;
	int ret = 0;

	if (git_signature_default(&sig, repo->git) < 0 &&
	    git_signature_now(&sig, "vmstate-gate", "vmstate-gate@localhost") < 0)
		return git_fail("cannot make a signature for the note");
	to_git(&target, commit);
	if (git_note_create(&note_id, repo->git, notes_ref, sig, sig, &target, text, 1) < 0)
		ret = git_fail("cannot write the note");
	git_signature_free(sig);
	return ret;
}

/* Line mapping through a diff. */

struct map_ctx {
	long old_line;
	long delta;             /* new - old, from the hunks before old_line */
	long result;
};

static int map_hunk_cb(const git_diff_delta *delta, const git_diff_hunk *h, void *payload)
{
	struct map_ctx *m = payload;

	(void)delta;
	if (m->result)
		return 0;
	if (m->old_line >= h->old_start + h->old_lines) {
		m->delta += (long)h->new_lines - (long)h->old_lines;
		return 0;
	}
	if (m->old_line >= h->old_start) {
		/* Inside the hunk: where the hunk's new side is. */
		long in = m->old_line - h->old_start;

		m->result = h->new_start + (in < h->new_lines ? in : h->new_lines);
		if (m->result < 1)
			m->result = 1;
	}
	return 0;
}

unsigned vg_map_line(const char *old, size_t old_len, const char *new_, size_t new_len,
		     unsigned old_line)
{
	git_diff_options opts;
	struct map_ctx m = { (long)old_line, 0, 0 };
	long r;

	if (git_init() < 0)
		return 0;
	if (git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) < 0) {
		git_libgit2_shutdown();
		return 0;
	}
	opts.context_lines = 0;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	if (git_diff_buffers(old, old_len, NULL, new_, new_len, NULL, &opts,
			     NULL, NULL, map_hunk_cb, NULL, &m) < 0) {
		git_libgit2_shutdown();
		return 0;
	}
	git_libgit2_shutdown();
	r = m.result ? m.result : (long)old_line + m.delta;
	return r < 1 ? 1 : (unsigned)r;
}

/* Trailers. */

int vg_message_trailers(const char *message, struct vg_trailer **out, size_t *nr)
{
	git_message_trailer_array arr = { 0 };
	struct vg_trailer *t = NULL;
	size_t i;

	*out = NULL;
	*nr = 0;
	/* Usable without an open repository: hold a libgit2 reference. */
	if (git_init() < 0)
		return -1;
	if (git_message_trailers(&arr, message) < 0) {
		git_fail("cannot parse the message's trailers");
		git_libgit2_shutdown();
		return -1;
	}
	if (arr.count) {
		t = vg_calloc(arr.count, sizeof(*t));
		if (!t)
			goto fail;
		for (i = 0; i < arr.count; i++) {
			t[i].key = vg_strdup(arr.trailers[i].key);
			t[i].value = vg_strdup(arr.trailers[i].value);
			if (!t[i].key || !t[i].value) {
				vg_trailers_free(t, arr.count);
				goto fail;
			}
		}
	}
	*out = t;
	*nr = arr.count;
	git_message_trailer_array_free(&arr);
	git_libgit2_shutdown();
	return 0;
fail:
	git_message_trailer_array_free(&arr);
	git_libgit2_shutdown();
	return -1;
}

void vg_trailers_free(struct vg_trailer *t, size_t nr)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < nr; i++) {
		free(t[i].key);
		free(t[i].value);
	}
	free(t);
}

/* Patches applied in memory (vmstate-gate review). */

int vg_repo_objects_in_memory(struct vg_repo *repo)
{
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;

	if (repo->objects_in_memory)
		return 0;
	if (git_repository_odb(&odb, repo->git) < 0)
		return git_fail("cannot open the object database");
	if (git_mempack_new(&mem) < 0) {
		git_odb_free(odb);
		return git_fail("cannot create an in-memory object store");
	}
	/* The highest priority: every write goes there, reads fall through. */
	if (git_odb_add_backend(odb, mem, 1000) < 0) {
		mem->free(mem);
		git_odb_free(odb);
		return git_fail("cannot add an in-memory object store");
	}
	git_odb_free(odb);
	repo->objects_in_memory = 1;
	return 0;
}

struct apply_where {
	char *file;
	char *hunk;
	int failed_alloc;
};

static int apply_delta_cb(const git_diff_delta *delta, void *payload)
{
	struct apply_where *w = payload;
	const char *path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;

	free(w->file);
	free(w->hunk);
	w->hunk = NULL;
	w->file = vg_strdup(path ? path : "?");
	if (!w->file)
		w->failed_alloc = 1;
	return 0;
}

static int apply_hunk_cb(const git_diff_hunk *hunk, void *payload)
{
	struct apply_where *w = payload;
	size_t n = hunk->header_len;

	while (n && (hunk->header[n - 1] == '\n' || hunk->header[n - 1] == '\r'))
		n--;
	free(w->hunk);
	w->hunk = vg_strndup(hunk->header, n);
	if (!w->hunk)
		w->failed_alloc = 1;
	return 0;
}

int vg_tree_apply(struct vg_tree *pre, const char *patch, size_t len,
		  struct vg_tree **out, char **why)
{
	struct vg_repo *repo = pre->repo;
	git_diff *diff = NULL;
	git_index *index = NULL;
	git_tree *empty = NULL;
	git_treebuilder *tb = NULL;
	git_oid id;
	git_apply_options opts;
	struct apply_where where = { NULL, NULL, 0 };
	const git_error *e;
	struct vg_tree *t = NULL;
	int ret = -1;

	*out = NULL;
	*why = NULL;
	if (pre->kind == TREE_INDEX)
		return vg_error("cannot apply a patch to the index");
	/* libgit2 1.5 hangs on a truncated binary hunk: check them first. */
	ret = vg_binpatch_check(patch, len, why);
	if (ret)
		goto done;
	ret = -1;
	if (git_diff_from_buffer(&diff, patch, len) < 0) {
		e = git_error_last();
		*why = vg_asprintf("malformed diff: %s",
				   e && e->message ? e->message : "cannot parse it");
		ret = *why ? 1 : -1;
		goto done;
	}
	if (git_diff_num_deltas(diff) == 0) {
		*why = vg_strdup("no diff in the patch");
		ret = *why ? 1 : -1;
		goto done;
	}
	if (pre->kind == TREE_EMPTY) {
		if (git_treebuilder_new(&tb, repo->git, NULL) < 0 ||
		    git_treebuilder_write(&id, tb) < 0 ||
		    git_tree_lookup(&empty, repo->git, &id) < 0) {
			git_fail("cannot make an empty tree");
			goto done;
		}
	}
	if (git_apply_options_init(&opts, GIT_APPLY_OPTIONS_VERSION) < 0) {
		git_fail("cannot set up git apply");
		goto done;
	}
	opts.delta_cb = apply_delta_cb;
	opts.hunk_cb = apply_hunk_cb;
	opts.payload = &where;
	if (git_apply_to_tree(&index, repo->git, empty ? empty : pre->tree, diff, &opts) < 0) {
		e = git_error_last();
		if (where.failed_alloc)
			goto done;
		/* A damaged object of the repository is not the patch's fault: exit 3. */
		if (e && e->klass == GIT_ERROR_ODB && e->message && strstr(e->message, "is corrupt")) {
			vg_error("%s%s%s", where.file ? where.file : "", where.file ? ": " : "", e->message);
			goto done;
		}
		*why = vg_asprintf("%s%s%s%s%s", where.file ? where.file : "",
				   where.file ? ": " : "",
				   where.hunk ? where.hunk : "",
				   where.hunk ? ": " : "",
				   e && e->message ? e->message : "does not apply");
		ret = *why ? 1 : -1;
		goto done;
	}
	if (git_index_write_tree_to(&id, index, repo->git) < 0) {
		git_fail("cannot write the patched tree (in memory)");
		goto done;
	}
	t = tree_new(repo, TREE_COMMIT);
	if (!t)
		goto done;
	if (git_tree_lookup(&t->tree, repo->git, &id) < 0) {
		git_fail("cannot read the patched tree");
		free(t);
		goto done;
	}
	*out = t;
	ret = 0;
done:
	free(where.file);
	free(where.hunk);
	git_index_free(index);
	git_tree_free(empty);
	git_treebuilder_free(tb);
	git_diff_free(diff);
	return ret;
}

/* Published refs (refs/vmstate-dumps/VERSION, read by matrix). */

static int cmp_refname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vg_repo_refs(struct vg_repo *repo, const char *prefix, char ***out, size_t *nr)
{
	git_reference_iterator *it = NULL;
	const char *name;
	char *glob;
	size_t alloc = 0;
	int err, ret = -1;

	*out = NULL;
	*nr = 0;
	glob = vg_asprintf("%s%s*", prefix,
			   *prefix && prefix[strlen(prefix) - 1] == '/' ? "" : "/");
	if (!glob)
		return -1;
	if (git_reference_iterator_glob_new(&it, repo->git, glob) < 0) {
		git_fail(glob);
		goto done;
	}
	while (!(err = git_reference_next_name(&name, it))) {
		if (VG_GROW(*out, alloc, *nr + 1) < 0 || !((*out)[*nr] = vg_strdup(name)))
			goto done;
		(*nr)++;
	}
	if (err != GIT_ITEROVER) {
		git_fail(glob);
		goto done;
	}
	if (*nr)
		qsort(*out, *nr, sizeof(**out), cmp_refname);
	ret = 0;
done:
	if (ret < 0) {
		while (*nr)
			free((*out)[--*nr]);
		free(*out);
		*out = NULL;
	}
	git_reference_iterator_free(it);
	free(glob);
	return ret;
}

int vg_tree_of_ref(struct vg_repo *repo, const char *refname, struct vg_tree **out)
{
	git_object *obj = NULL, *peeled = NULL;
	struct vg_tree *t;

	*out = NULL;
	if (git_revparse_single(&obj, repo->git, refname) < 0)
		return git_fail(refname);
	if (git_object_peel(&peeled, obj, GIT_OBJECT_TREE) < 0) {
		git_object_free(obj);
		return git_fail(refname);
	}
	git_object_free(obj);
	if (!(t = tree_new(repo, TREE_COMMIT))) {
		git_object_free(peeled);
		return -1;
	}
	t->tree = (git_tree *)peeled;
	*out = t;
	return 0;
}

/* Shared dump sets (src/dumps/): objects, refs, fetching, config. */

const char *vg_repo_common_dir(struct vg_repo *repo)
{
	const char *dir = git_repository_commondir(repo->git);

	return dir ? dir : git_repository_path(repo->git);
}

int vg_repo_write_blob(struct vg_repo *repo, const char *buf, size_t len,
		       struct vg_oid *out)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, repo->git, buf, len) < 0)
		return git_fail("cannot write a blob");
	to_vg(out, &id);
	return 0;
}

int vg_repo_write_tree(struct vg_repo *repo, const struct vg_tree_entry *entries,
		       size_t nr, struct vg_oid *out)
{
	git_treebuilder *tb = NULL;
	git_oid id;
	size_t i;
	int ret = -1;

	if (git_treebuilder_new(&tb, repo->git, NULL) < 0) {
		ret = git_fail("cannot build a tree");
		goto done;
	}
	for (i = 0; i < nr; i++) {
		to_git(&id, &entries[i].id);
		if (git_treebuilder_insert(NULL, tb, entries[i].name, &id,
					   entries[i].is_tree ? GIT_FILEMODE_TREE
							      : GIT_FILEMODE_BLOB) < 0) {
			ret = git_fail(entries[i].name);
			goto done;
		}
	}
	if (git_treebuilder_write(&id, tb) < 0) {
		ret = git_fail("cannot write a tree");
		goto done;
	}
	to_vg(out, &id);
	ret = 0;
done:
	git_treebuilder_free(tb);
	return ret;
}

int vg_repo_commit_ref(struct vg_repo *repo, const char *refname,
		       const struct vg_oid *tree_id, const char *message,
		       struct vg_oid *out)
{
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_reference *ref = NULL;
	const git_commit *parents[1];
	git_oid id, commit;
	int ret = -1, err;

	if (git_signature_default(&sig, repo->git) < 0 &&
	    git_signature_now(&sig, "vmstate-gate", "vmstate-gate@localhost") < 0)
		return git_fail("cannot make a signature for the commit");
	to_git(&id, tree_id);
	if (git_tree_lookup(&tree, repo->git, &id) < 0) {
		ret = git_fail("cannot read the tree to commit");
		goto done;
	}
	/* Republishing keeps the history: the ref's commit is the parent. */
	err = git_reference_name_to_id(&id, repo->git, refname);
	if (err == 0 && git_commit_lookup(&parent, repo->git, &id) < 0) {
		ret = git_fail(refname);
		goto done;
	}
	if (err < 0 && err != GIT_ENOTFOUND) {
		ret = git_fail(refname);
		goto done;
	}
	parents[0] = parent;
	if (git_commit_create(&commit, repo->git, NULL, sig, sig, NULL, message, tree,
			      parent ? 1 : 0, parents) < 0) {
		ret = git_fail("cannot write the commit");
		goto done;
	}
	if (git_reference_create_matching(&ref, repo->git, refname, &commit, 1,
					  parent ? &id : NULL, message) < 0) {
		ret = git_fail(refname);
		goto done;
	}
	to_vg(out, &commit);
	ret = 0;
done:
	git_reference_free(ref);
	git_commit_free(parent);
	git_tree_free(tree);
	git_signature_free(sig);
	return ret;
}

int vg_repo_fetch(struct vg_repo *repo, const char *remote, const char *refspec)
{
	git_remote *r = NULL;
	git_fetch_options opts;
	char *specs[1];
	git_strarray arr = { specs, 1 };
	char *url_key = NULL, *url = NULL;
	git_remote_create_options ropts;
	int ret = -1;

	specs[0] = (char *)refspec;
	if (git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION) < 0)
		return git_fail("cannot set up a fetch");
	/*
	 * A remote's name is read as its URL and fetched anonymously:
	 * git_remote_lookup() of libgit2 1.5 leaks PCRE2 match data (fixed
	 * upstream by libgit2 PR #6382), also when a named remote updates
	 * its tips. The refspec is ours anyway, not the remote's. (So
	 * url.*.insteadOf does not apply.)
	 */
	if ((url_key = vg_asprintf("remote.%s.url", remote)) &&
	    vg_repo_config_string(repo, url_key, &url) < 0)
		goto done;
	/* A bare word that names no remote is a typo, not a URL to try. */
	if (!url && !strchr(remote, '/') && !strchr(remote, ':') && access(remote, F_OK) < 0) {
		ret = vg_error("%s: no such remote (git remote -v lists them), "
			       "and not a path or URL", remote);
		goto done;
	}
	/* Nor is a path that is not there (libgit2: "unsupported URL protocol"). */
	if (!strchr(url ? url : remote, ':') && access(url ? url : remote, F_OK) < 0) {
		ret = vg_error("%s%s%s: no such repository: %s", url ? remote : "",
			       url ? ": " : "", url ? url : remote, strerror(errno));
		goto done;
	}
	if (git_remote_create_options_init(&ropts, GIT_REMOTE_CREATE_OPTIONS_VERSION) < 0)
		goto done;
	ropts.repository = repo->git;
	/* url.*.insteadOf is matched with a regex, which leaks the same way. */
	ropts.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	if (git_remote_create_with_opts(&r, url ? url : remote, &ropts) < 0) {
		ret = git_fail(remote);
		goto done;
	}
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	if (git_remote_fetch(r, &arr, &opts, "vmstate-gate dumps fetch") < 0) {
		ret = git_fail(remote);
		goto done;
	}
	ret = 0;
done:
	git_remote_free(r);
	free(url_key);
	free(url);
	return ret;
}

struct ref_walk {
	int (*fn)(const char *name, const struct vg_oid *commit, void *payload);
	void *payload;
	struct vg_repo *repo;
	int ret;
};

static int ref_walk_cb(const char *name, void *payload)
{
	struct ref_walk *w = payload;
	git_object *obj = NULL, *peeled = NULL;
	struct vg_oid id;
	int ret;

	if (git_revparse_single(&obj, w->repo->git, name) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		/* Not a commit: not one of ours; skip it. */
		return 0;
	}
	to_vg(&id, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	ret = w->fn(name, &id, w->payload);
	if (ret)
		w->ret = ret;
	return ret;
}

int vg_repo_foreach_ref(struct vg_repo *repo, const char *glob,
			int (*fn)(const char *name, const struct vg_oid *commit,
				  void *payload),
			void *payload)
{
	struct ref_walk w = { fn, payload, repo, 0 };
	int err = git_reference_foreach_glob(repo->git, glob, ref_walk_cb, &w);

	if (w.ret)
		return w.ret;
	if (err < 0)
		return git_fail("cannot list references");
	return 0;
}

int vg_repo_config_string(struct vg_repo *repo, const char *key, char **out)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	int err, ret = -1;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		return git_fail("cannot read the git configuration");
	err = git_config_get_string_buf(&buf, cfg, key);
	if (err == GIT_ENOTFOUND) {
		ret = 0;
		goto done;
	}
	if (err < 0) {
		ret = git_fail(key);
		goto done;
	}
	*out = vg_strdup(buf.ptr);
	ret = *out ? 1 : -1;
done:
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return ret;
}

int vg_repo_ref_commit(struct vg_repo *repo, const char *refname, struct vg_oid *out,
		       int *found)
{
	git_commit *c = NULL;
	git_oid id;
	int err;

	*found = 0;
	err = git_reference_name_to_id(&id, repo->git, refname);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return git_fail(refname);
	if (git_commit_lookup(&c, repo->git, &id) < 0)
		return vg_error("%s does not point at a commit", refname);
	git_commit_free(c);
	to_vg(out, &id);
	*found = 1;
	return 0;
}

/* The work tree's root (with a trailing '/'), or NULL in a bare repository. */
const char *vg_repo_workdir(struct vg_repo *repo)
{
	return git_repository_workdir(repo->git);
}

/* How many tracked files differ as show asks: 0 none, 1 some, -1 error. */
static int status_differs(struct vg_repo *repo, git_status_show_t show)
{
	git_status_options opts;
	git_status_list *list = NULL;
	int ret;

	if (git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION) < 0)
		return git_fail("cannot read the work tree's status");
	opts.show = show;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, repo->git, &opts) < 0)
		return git_fail("cannot read the work tree's status");
	ret = git_status_list_entrycount(list) != 0;
	git_status_list_free(list);
	return ret;
}

int vg_repo_worktree_clean(struct vg_repo *repo)
{
	int r = status_differs(repo, GIT_STATUS_SHOW_INDEX_AND_WORKDIR);

	return r < 0 ? -1 : !r;
}

int vg_repo_export(struct vg_repo *repo, const struct vg_oid *commit, const char *dir)
{
	git_checkout_options opts;
	git_commit *c = NULL;
	int ret;

	if (git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION) < 0)
		return git_fail("cannot export a tree");
	/* Into dir only: the index is neither updated nor written. */
	opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX |
				 GIT_CHECKOUT_DONT_WRITE_INDEX;
	opts.target_directory = dir;
	if (lookup_commit(repo, commit, &c) < 0)
		return -1;
	ret = git_checkout_tree(repo->git, (const git_object *)c, &opts);
	git_commit_free(c);
	return ret < 0 ? git_fail("cannot write the tree out") : 0;
}

int vg_repo_index_tree(struct vg_repo *repo, struct vg_oid *out)
{
	git_index *index = NULL;
	git_oid id;
	int ret = -1;

	/* The tree objects go to memory: the repository is not written to. */
	if (vg_repo_objects_in_memory(repo) < 0)
		return -1;
	if (git_repository_index(&index, repo->git) < 0)
		return git_fail("cannot read the index");
	if (git_index_write_tree_to(&id, index, repo->git) < 0) {
		git_fail("cannot make a tree of the index (a conflict?)");
	} else {
		to_vg(out, &id);
		ret = 0;
	}
	git_index_free(index);
	return ret;
}

int vg_repo_worktree_matches_index(struct vg_repo *repo)
{
	int r = status_differs(repo, GIT_STATUS_SHOW_WORKDIR_ONLY);

	return r < 0 ? -1 : !r;
}
