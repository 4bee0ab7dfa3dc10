#include "core/rules.h"
#include "core/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef VG_DATADIR
#define VG_DATADIR "/usr/local/share/vmstate-gate"
#endif

static void free_words(char **words, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(words[i]);
	free(words);
}

/* Split one line into words; "quoted words" keep their spaces, \" and \\ escape. */
static int split_line(const char *path, unsigned lineno, const char *s,
		      char ***out, size_t *nr)
{
	char **words = NULL;
	size_t n = 0, alloc = 0;

	for (;;) {
		struct vg_buf w = VG_BUF_INIT;

		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#')
			break;
		if (*s == '"') {
			s++;
			while (*s && *s != '"') {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				vg_buf_add(&w, s++, 1);
			}
			if (*s != '"') {
				vg_buf_release(&w);
				free_words(words, n);
				fprintf(stderr, "%s:%u: error: unterminated quoted string\n",
					path, lineno);
				return -1;
			}
			s++;
			if (!w.buf)
				vg_buf_add(&w, "", 0);
		} else {
			while (*s && *s != ' ' && *s != '\t' && *s != '\r')
				vg_buf_add(&w, s++, 1);
		}
		if (VG_GROW(words, alloc, n + 1) < 0 || !(words[n] = vg_buf_detach(&w))) {
			vg_buf_release(&w);
			free_words(words, n);
			return -1;
		}
		n++;
	}
	*out = words;
	*nr = n;
	return 0;
}

int vg_rules_foreach_line(const char *path,
			  int (*fn)(const struct vg_rules_line *line, void *payload),
			  void *payload)
{
	char *text, *line, *next;
	unsigned lineno = 0;
	int ret = 0;

	if (vg_read_file(path, &text, NULL) < 0)
		return -1;
	for (line = text; line && !ret; line = next) {
		struct vg_rules_line l = { path, ++lineno, NULL, 0 };

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (split_line(path, lineno, line, &l.words, &l.nr) < 0) {
			ret = -1;
			break;
		}
		if (l.nr)
			ret = fn(&l, payload);
		free_words(l.words, l.nr);
	}
	free(text);
	return ret;
}

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Directory of the running binary, from /proc/self/exe. */
static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return vg_strdup(buf);
}

char *vg_rules_dir(void)
{
	const char *env = getenv("VMSTATE_GATE_RULES");
	static const char *const rel[] = { "rules", "../rules", "../../rules" };
	char *dir, *cand;
	size_t i;

	if (env && *env) {
		if (!is_dir(env)) {
			vg_error("VMSTATE_GATE_RULES='%s' is not a directory", env);
			return NULL;
		}
		return vg_strdup(env);
	}
	dir = exe_dir();
	for (i = 0; dir && i < VG_ARRAY_SIZE(rel); i++) {
		/* Only a source tree's rules/ (it has the catalogue) counts. */
		cand = vg_asprintf("%s/%s/macros", dir, rel[i]);
		if (cand && !access(cand, R_OK)) {
			char *real;

			cand[strlen(cand) - strlen("/macros")] = '\0';
			free(dir);
			/* build/../rules/macros:293 in messages: say rules/macros:293 */
			if ((real = realpath(cand, NULL))) {
				free(cand);
				return real;
			}
			return cand;
		}
		free(cand);
	}
	free(dir);
	if (is_dir(VG_DATADIR "/rules"))
		return vg_strdup(VG_DATADIR "/rules");
	vg_error("cannot find the rules directory (set VMSTATE_GATE_RULES)");
	return NULL;
}

/* section-renames and known-breaks. */

#include "core/finding.h"

static int check_range(const struct vg_rules_line *l, const char *range)
{
	const char *dots = strstr(range, "..");

	if (!dots || dots == range || !dots[2] || strstr(dots + 2, ".."))
		goto bad;
	if (range[0] != 'v' || dots[2] != 'v')
		goto bad;
	return 0;
bad:
	fprintf(stderr, "%s:%u: error: malformed release range '%s' (expected vA.B.C..vX.Y.Z)\n",
		l->path, l->lineno, range);
	return -1;
}

/* OLD_KEY NEW_KEY RANGE "PROVENANCE" */
static int rename_line(const struct vg_rules_line *l, void *payload)
{
	struct vg_rules *rules = payload;
	struct vg_section_rename *r;

	if (l->nr != 4) {
		fprintf(stderr, "%s:%u: error: expected OLD_KEY NEW_KEY RANGE \"PROVENANCE\", "
			"found %zu words\n", l->path, l->lineno, l->nr);
		return -1;
	}
	if (check_range(l, l->words[2]) < 0)
		return -1;
	if (!*l->words[3]) {
		fprintf(stderr, "%s:%u: error: empty provenance\n", l->path, l->lineno);
		return -1;
	}
	if (VG_GROW(rules->renames, rules->alloc_renames, rules->nr_renames + 1) < 0)
		return -1;
	r = &rules->renames[rules->nr_renames];
	memset(r, 0, sizeof(*r));
	r->old_key = vg_strdup(l->words[0]);
	r->new_key = vg_strdup(l->words[1]);
	r->source = vg_asprintf("%s:%u: %s (%s)", l->path, l->lineno, l->words[3], l->words[2]);
	rules->nr_renames++;
	if (!r->old_key || !r->new_key || !r->source)
		return -1;
	return 0;
}

/* RULE PATH RANGE "REASON" "PROVENANCE" */
static int break_line(const struct vg_rules_line *l, void *payload)
{
	struct vg_rules *rules = payload;
	struct vg_known_break *kb;
	const char *base = strrchr(l->path, '/');

	if (l->nr != 5) {
		fprintf(stderr, "%s:%u: error: expected RULE PATH RANGE \"REASON\" \"PROVENANCE\", "
			"found %zu words\n", l->path, l->lineno, l->nr);
		return -1;
	}
	if (strcmp(l->words[0], "*") && vg_rule_by_id(l->words[0]) < 0) {
		fprintf(stderr, "%s:%u: error: unknown rule id '%s' (see vmstate-gate list-rules)\n",
			l->path, l->lineno, l->words[0]);
		return -1;
	}
	if (check_range(l, l->words[2]) < 0)
		return -1;
	if (!*l->words[1] || !*l->words[3] || !*l->words[4]) {
		fprintf(stderr, "%s:%u: error: empty path, reason or provenance\n",
			l->path, l->lineno);
		return -1;
	}
	if (VG_GROW(rules->breaks, rules->alloc_breaks, rules->nr_breaks + 1) < 0)
		return -1;
	kb = &rules->breaks[rules->nr_breaks];
	memset(kb, 0, sizeof(*kb));
	rules->nr_breaks++;
	kb->rule = vg_strdup(l->words[0]);
	kb->path = vg_strdup(l->words[1]);
	kb->range = vg_strdup(l->words[2]);
	kb->reason = vg_strdup(l->words[3]);
	kb->source = vg_strdup(l->words[4]);
	kb->where = vg_asprintf("rules/%s:%u", base ? base + 1 : l->path, l->lineno);
	if (!kb->rule || !kb->path || !kb->range || !kb->reason || !kb->source || !kb->where)
		return -1;
	return 0;
}

/* A file that is absent has no entries (fewer renames and waivers: fail closed). */
static int load_file(const char *dir, const char *name,
		     int (*fn)(const struct vg_rules_line *, void *), struct vg_rules *rules)
{
	char *path = vg_asprintf("%s/%s", dir, name);
	int ret = 0;

	if (!path)
		return -1;
	if (!access(path, F_OK))
		ret = vg_rules_foreach_line(path, fn, rules);
	free(path);
	return ret;
}

int vg_rules_load(struct vg_rules *rules, const char *dir)
{
	rules->dir = dir ? vg_strdup(dir) : vg_rules_dir();
	if (!rules->dir)
		return -1;
	if (load_file(rules->dir, "section-renames", rename_line, rules) < 0 ||
	    load_file(rules->dir, "known-breaks", break_line, rules) < 0)
		return -1;
	return 0;
}

const char *vg_rules_renamed_key(const struct vg_rules *rules, const char *old_key)
{
	size_t i;

	if (!rules || !old_key)
		return NULL;
	for (i = 0; i < rules->nr_renames; i++)
		if (!strcmp(rules->renames[i].old_key, old_key))
			return rules->renames[i].new_key;
	/* Renames hold both ways: compare --reverse goes from new to old. */
	for (i = 0; i < rules->nr_renames; i++)
		if (!strcmp(rules->renames[i].new_key, old_key))
			return rules->renames[i].old_key;
	return NULL;
}

void vg_rules_release(struct vg_rules *rules)
{
	size_t i;

	for (i = 0; i < rules->nr_renames; i++) {
		free(rules->renames[i].old_key);
		free(rules->renames[i].new_key);
		free(rules->renames[i].source);
	}
	free(rules->renames);
	for (i = 0; i < rules->nr_breaks; i++) {
		struct vg_known_break *kb = &rules->breaks[i];

		free(kb->rule);
		free(kb->path);
		free(kb->range);
		free(kb->reason);
		free(kb->source);
		free(kb->where);
	}
	free(rules->breaks);
	free(rules->dir);
	memset(rules, 0, sizeof(*rules));
}
