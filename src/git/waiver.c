/*
 * Migration-Break trailers: parsing, matching, suggestions. The grammar
 * is in waiver.h.
 */
#include "git/waiver.h"
#include "git/repo.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char scissors[] = "------------------------ >8 ------------------------";

/* Is line (len bytes) git's scissors line: '#', a blank, then the scissors? */
static int is_scissors(const char *line, size_t len)
{
	size_t n = sizeof(scissors) - 1;

	if (len < 2 + n || line[0] != '#' || line[1] != ' ')
		return 0;
	return !memcmp(line + 2, scissors, n);
}

char *vg_message_clean(const char *message)
{
	struct vg_buf out = VG_BUF_INIT;
	const char *p = message;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		size_t l2 = len && p[len - 1] == '\r' ? len - 1 : len;

		if (is_scissors(p, l2))
			break;
		if (p[0] != '#')
			vg_buf_add(&out, p, len), vg_buf_add(&out, "\n", 1);
		p += len + (eol ? 1 : 0);
	}
	if (!out.buf && !out.failed)
		vg_buf_puts(&out, "");
	return vg_buf_detach(&out);
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

static int is_token_char(char c)
{
	return c && !isspace((unsigned char)c) && c != '(' && c != ')' && c != ':' && c != ',';
}

static void free_machines(struct vg_waiver *w)
{
	size_t i;

	for (i = 0; i < w->nr_machines; i++)
		free(w->machines[i]);
	free(w->machines);
	w->machines = NULL;
	w->nr_machines = 0;
}

int vg_waiver_parse_value(const char *value, struct vg_waiver *w, const char **problem)
{
	const char *p = skip_blanks(value), *start, *end;
	size_t alloc = 0;

	*problem = NULL;
	memset(w, 0, sizeof(*w));
	start = p;
	while (is_token_char(*p) || *p == ',')
		p++;
	if (p == start) {
		*problem = "it names no description or section";
		return -1;
	}
	if (start[0] == '/' || p[-1] == '/' || memchr(start, ',', (size_t)(p - start))) {
		*problem = "the name is not of the form <name>[/<field-or-subsection>]";
		return -1;
	}
	if (!(w->path = vg_strndup(start, (size_t)(p - start))))
		goto oom;
	p = skip_blanks(p);
	if (*p == '(') {
		p = skip_blanks(p + 1);
		for (;;) {
			start = p;
			while (is_token_char(*p))
				p++;
			if (p == start) {
				*problem = "the machine list is empty or has an empty entry";
				goto fail;
			}
			if (VG_GROW(w->machines, alloc, w->nr_machines + 1) < 0)
				goto oom;
			if (!(w->machines[w->nr_machines] = vg_strndup(start, (size_t)(p - start))))
				goto oom;
			w->nr_machines++;
			p = skip_blanks(p);
			if (*p == ',') {
				p = skip_blanks(p + 1);
				continue;
			}
			if (*p == ')') {
				p = skip_blanks(p + 1);
				break;
			}
			*problem = "the machine list must be (<machine>[, <machine>...])";
			goto fail;
		}
	}
	if (*p != ':') {
		*problem = *p ? "expected ':' and the reason after the name"
			      : "the reason is missing (\": <reason>\")";
		goto fail;
	}
	p = skip_blanks(p + 1);
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (end == p) {
		*problem = "the reason is missing (\": <reason>\")";
		goto fail;
	}
	if (*p == '<' && end[-1] == '>') {
		*problem = "the reason is still the <placeholder>; say why the break is acceptable";
		goto fail;
	}
	if (!(w->reason = vg_strndup(p, (size_t)(end - p))))
		goto oom;
	return 0;
oom:
	*problem = NULL;
fail:
	vg_waiver_release(w);
	return -1;
}

/* Collapse the runs of blanks and newlines of a folded trailer value. */
static char *one_line(const char *s)
{
	struct vg_buf b = VG_BUF_INIT;
	int space = 0;

	s = skip_blanks(s);
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space)
			vg_buf_add(&b, " ", 1);
		space = 0;
		vg_buf_add(&b, s, 1);
	}
	if (!b.buf && !b.failed)
		vg_buf_puts(&b, "");
	return vg_buf_detach(&b);
}

/*
 * lineno: the line in the message (not shown: the finding has no file),
 * so that each bad line of one commit stays its own finding in dedup.
 */
static int add_malformed_at(struct vg_findings *out, const char *commit, const char *line,
			    const char *problem, unsigned lineno)
{
	struct vg_finding *f;

	f = vg_findings_add(out, VG_RULE_WAIVER_MALFORMED, NULL, NULL, NULL, line, NULL,
			    "malformed waiver '%s': %s; write it as a trailer in the last "
			    "paragraph of the message: " VG_WAIVER_GRAMMAR, line, problem);
	if (!f || vg_finding_set(&f->commit, commit) < 0)
		return -1;
	f->line = lineno;
	return 0;
}

/*
 * A line that looks like a Migration-Break trailer, spelt well or not:
 * returns 1 and the key's end (the ':'), or 0. exact is set when the key
 * is Migration-Break itself.
 */
static int looks_like_waiver(const char *line, size_t len, size_t *colon, int *exact)
{
	size_t i = 0, k = 0;
	char key[32];

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (i < len && line[i] != ':' && k < sizeof(key) - 1)
		key[k++] = (char)tolower((unsigned char)line[i++]);
	if (i >= len || line[i] != ':')
		return 0;
	while (k && (key[k - 1] == ' ' || key[k - 1] == '\t'))
		k--;
	key[k] = '\0';
	*colon = i;
	*exact = !strcmp(key, "migration-break");
	if (*exact)
		return 1;
	/* migration[-_ ]break[s], migrationbreak, migration-breaks... */
	if (strncmp(key, "migration", 9))
		return 0;
	k = 9;
	if (key[k] == '-' || key[k] == '_' || key[k] == ' ')
		k++;
	if (strncmp(key + k, "break", 5))
		return 0;
	k += 5;
	if (key[k] == 's')
		k++;
	return key[k] == '\0';
}

/*
 * libgit2 1.5 takes the line after an empty trailer ("Migration-Break:")
 * as its value, where git sees two trailers: give every "Key:" line with
 * no value this marker as value before libgit2 reads the message, and
 * skip trailers that have it.
 */
#define EMPTY_VALUE "\x1f"

static int is_empty_trailer(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && (isalnum((unsigned char)p[i]) || p[i] == '-'))
		i++;
	if (!i)
		return 0;
	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= len || p[i] != ':')
		return 0;
	for (i++; i < len; i++)
		if (!isspace((unsigned char)p[i]))
			return 0;
	return 1;
}

static char *mark_empty_trailers(const char *clean)
{
	struct vg_buf b = VG_BUF_INIT;
	const char *p = clean;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		vg_buf_add(&b, p, len);
		if (is_empty_trailer(p, len))
			vg_buf_puts(&b, " " EMPTY_VALUE);
		if (eol)
			vg_buf_add(&b, "\n", 1);
		p += len + (eol ? 1 : 0);
	}
	if (!b.buf && !b.failed)
		vg_buf_puts(&b, "");
	return vg_buf_detach(&b);
}

/* one_line() of the first line of a trailer value. */
static char *first_line(const char *value)
{
	const char *nl = strchr(value, '\n');
	char *head = vg_strndup(value, nl ? (size_t)(nl - value) : strlen(value)), *v;

	if (!head)
		return NULL;
	v = one_line(head);
	free(head);
	return v;
}

/*
 * The Migration-Break trailers by the first line of their value, to tell
 * in one look-up whether a Migration-Break line of the message is in the
 * trailer block (a walk over every trailer per line was quadratic).
 */
struct block_index {
	char **first;           /* per trailer, or NULL: not a waiver */
	unsigned *lineno;       /* per trailer: its line in the message, or 0 */
	size_t nr;
	struct vg_hashmap map;
};

static void block_index_release(struct block_index *bi)
{
	size_t i;

	for (i = 0; bi->first && i < bi->nr; i++)
		free(bi->first[i]);
	free(bi->first);
	free(bi->lineno);
	vg_hashmap_release(&bi->map);
}

static int block_index_build(struct block_index *bi, const struct vg_trailer *t, size_t nr)
{
	size_t i;

	bi->nr = nr;
	if (!nr)
		return 0;
	if (!(bi->first = vg_calloc(nr, sizeof(*bi->first))) ||
	    !(bi->lineno = vg_calloc(nr, sizeof(*bi->lineno))))
		return -1;
	for (i = 0; i < nr; i++) {
		if (strcasecmp(t[i].key, VG_WAIVER_KEY) || !strcmp(t[i].value, EMPTY_VALUE))
			continue;
		if (!(bi->first[i] = first_line(t[i].value)) ||
		    vg_hashmap_add(&bi->map, vg_hash_str(bi->first[i]), i) < 0)
			return -1;
	}
	return 0;
}

/* Is v1 a trailer's first line? Records lineno on the first such trailer not yet seen. */
static int in_block(struct block_index *bi, const char *v1, unsigned lineno)
{
	size_t pos = 0, i;
	uint64_t h = vg_hash_str(v1);
	int found = 0;

	while ((i = vg_hashmap_next(&bi->map, h, &pos)) != VG_HASHMAP_NONE) {
		if (strcmp(bi->first[i], v1))
			continue;
		found = 1;
		if (!bi->lineno[i]) {
			bi->lineno[i] = lineno;
			break;
		}
	}
	return found;
}

/* A Migration-Break line of the message, well-formed and in the block or not. */
static int check_line(struct block_index *bi, struct vg_findings *out, const char *commit,
		      const char *p, size_t len, size_t colon, int exact, unsigned lineno)
{
	char *line = vg_strndup(p, len), *v1 = NULL, *value = NULL;
	int ret = -1;

	if (!line)
		return -1;
	if (!exact) {
		ret = add_malformed_at(out, commit, line, "the key is spelt '" VG_WAIVER_KEY "'", lineno);
		goto done;
	}
	if (!(value = vg_strndup(p + colon + 1, len - colon - 1)) || !(v1 = one_line(value)))
		goto done;
	if (!*v1)
		ret = add_malformed_at(out, commit, line, "the value is empty: it names nothing to waive",
				       lineno);
	else if (!in_block(bi, v1, lineno))
		ret = add_malformed_at(out, commit, line,
				       "it is not in the trailer block (the last paragraph, "
				       "with Signed-off-by), so git does not see it as a trailer", lineno);
	else
		ret = 0;
done:
	free(value);
	free(v1);
	free(line);
	return ret;
}

int vg_waivers_parse(struct vg_waivers *w, const char *message, const char *commit,
		     struct vg_findings *out, size_t *nr_lines)
{
	struct vg_trailer *trailers = NULL;
	struct block_index bi = { NULL, NULL, 0, VG_HASHMAP_INIT };
	size_t nr_trailers = 0, i, lines = 0;
	unsigned lineno = 0;
	char *clean = vg_message_clean(message), *marked = NULL;
	char *line = NULL;
	const char *p;
	int ret = -1;

	if (!clean || !(marked = mark_empty_trailers(clean)))
		goto done;
	if (vg_message_trailers(marked, &trailers, &nr_trailers) < 0)
		goto done;
	if (block_index_build(&bi, trailers, nr_trailers) < 0)
		goto done;
	/* Every Migration-Break line, well-formed and in the trailer block or not. */
	for (p = clean; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		size_t colon;
		int exact;

		lineno++;
		if (looks_like_waiver(p, len, &colon, &exact)) {
			lines++;
			if (check_line(&bi, out, commit, p, len, colon, exact, lineno) < 0)
				goto done;
		}
		p += len + (eol ? 1 : 0);
	}
	for (i = 0; i < nr_trailers; i++) {
		struct vg_waiver wv;
		const char *problem;
		char *v1;

		/* Empty ones are reported by the walk above. */
		if (strcasecmp(trailers[i].key, VG_WAIVER_KEY) || !strcmp(trailers[i].value, EMPTY_VALUE))
			continue;
		if (!(v1 = one_line(trailers[i].value)))
			goto done;
		free(line);
		line = vg_asprintf(VG_WAIVER_KEY ": %s", v1);
		if (!line) {
			free(v1);
			goto done;
		}
		if (vg_waiver_parse_value(v1, &wv, &problem) < 0) {
			free(v1);
			if (!problem || add_malformed_at(out, commit, line, problem, bi.lineno[i]) < 0)
				goto done;
			continue;
		}
		free(v1);
		if (VG_GROW(w->items, w->alloc, w->nr + 1) < 0) {
			vg_waiver_release(&wv);
			goto done;
		}
		wv.line = line;
		line = NULL;
		if (commit && !(wv.commit = vg_strdup(commit))) {
			vg_waiver_release(&wv);
			goto done;
		}
		w->items[w->nr++] = wv;
	}
	if (nr_lines)
		*nr_lines = lines;
	ret = 0;
done:
	free(line);
	block_index_release(&bi);
	vg_trailers_free(trailers, nr_trailers);
	free(marked);
	free(clean);
	return ret;
}

static int str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static int name_matches(const char *name, size_t len, const struct vg_finding *f)
{
	return (f->desc && strlen(f->desc) == len && !memcmp(f->desc, name, len)) ||
	       (f->section && strlen(f->section) == len && !memcmp(f->section, name, len));
}

int vg_waiver_matches(const struct vg_waiver *w, const struct vg_finding *f)
{
	const char *slash;
	size_t i;
	int ok = 0;

	if (f->rule == VG_RULE_WAIVER_MALFORMED || f->rule == VG_RULE_WAIVER_UNUSED ||
	    f->rule == VG_RULE_WAIVER_SUGGESTED)
		return 0;
	if (w->nr_machines && f->machine) {
		for (i = 0; i < w->nr_machines && !ok; i++)
			ok = !strcmp(w->machines[i], f->machine);
		if (!ok)
			return 0;
	}
	/* The whole path names a description or a section. */
	if (str_eq(w->path, f->desc) || str_eq(w->path, f->section))
		return 1;
	if (!f->item)
		return 0;
	/* name/item, split at any '/': names and subsections contain '/'. */
	for (slash = strchr(w->path, '/'); slash; slash = strchr(slash + 1, '/')) {
		size_t nlen = (size_t)(slash - w->path);

		if (!name_matches(w->path, nlen, f))
			continue;
		if (!strcmp(f->item, slash + 1) || !strcmp(f->item, w->path))
			return 1;
	}
	return 0;
}

/*
 * The waivers by each name they can match a finding's desc or section
 * with: the whole path, and the path before each '/' (see
 * vg_waiver_matches). Many findings times many waivers was quadratic.
 */
static int index_waiver(struct vg_hashmap *map, const struct vg_waiver *wv, size_t j)
{
	const char *path = wv->path, *slash;

	if (!path)
		return 0;
	if (vg_hashmap_add(map, vg_hash_str(path), j) < 0)
		return -1;
	for (slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/'))
		if (vg_hashmap_add(map, vg_hash_mem(path, (size_t)(slash - path)), j) < 0)
			return -1;
	return 0;
}

static int waiver_index(const struct vg_waivers *w, struct vg_hashmap *map)
{
	size_t j;

	for (j = 0; j < w->nr; j++)
		if (index_waiver(map, &w->items[j], j) < 0)
			return -1;
	return 0;
}

static int waive(struct vg_waiver *wv, struct vg_finding *f)
{
	wv->used++;
	if (f->waived_by)
		return 0;
	if (vg_finding_set(&f->waived_by, wv->line) < 0 ||
	    vg_finding_set(&f->waiver_reason, wv->reason) < 0)
		return -1;
	return 0;
}

int vg_waivers_apply(struct vg_waivers *w, struct vg_findings *list, size_t from)
{
	struct vg_hashmap map = VG_HASHMAP_INIT;
	unsigned char *hit = NULL;
	size_t i, j, k;
	int ret = -1;

	if (!w->nr)
		return 0;
	if (waiver_index(w, &map) < 0 || !(hit = vg_calloc(w->nr, 1)))
		goto done;
	for (i = from; i < list->nr; i++) {
		struct vg_finding *f = &list->items[i];
		const char *names[2] = { f->desc, f->section };
		size_t cand[64], nc = 0;

		/* The candidates, each once, in the waivers' order as before. */
		for (k = 0; k < 2; k++) {
			size_t pos = 0;
			uint64_t h;

			if (!names[k] || (k == 1 && f->desc && !strcmp(f->desc, f->section)))
				continue;
			h = vg_hash_str(names[k]);
			while ((j = vg_hashmap_next(&map, h, &pos)) != VG_HASHMAP_NONE) {
				if (hit[j] || !vg_waiver_matches(&w->items[j], f))
					continue;
				hit[j] = 1;
				if (nc < VG_ARRAY_SIZE(cand))
					cand[nc++] = j;
				else if (waive(&w->items[j], f) < 0)
					goto done;
			}
		}
		/* Sorted: the first matching waiver (in message order) names the finding. */
		for (k = 1; k < nc; k++) {
			size_t x = cand[k], m = k;

			while (m && cand[m - 1] > x) {
				cand[m] = cand[m - 1];
				m--;
			}
			cand[m] = x;
		}
		for (k = 0; k < nc; k++) {
			hit[cand[k]] = 0;
			if (waive(&w->items[cand[k]], f) < 0)
				goto done;
		}
		/* Past the 64 kept: clear their marks too. */
		if (nc == VG_ARRAY_SIZE(cand))
			memset(hit, 0, w->nr);
	}
	ret = 0;
done:
	free(hit);
	vg_hashmap_release(&map);
	return ret;
}

int vg_waivers_report_unused(const struct vg_waivers *w, struct vg_findings *out)
{
	size_t i;

	for (i = 0; i < w->nr; i++) {
		const struct vg_waiver *wv = &w->items[i];
		struct vg_finding *f;

		if (wv->used)
			continue;
		f = vg_findings_add(out, VG_RULE_WAIVER_UNUSED, NULL, NULL, NULL, wv->line, NULL,
				    "'%s' matches no finding: check the name against the "
				    "description's .name or the section%s", wv->line,
				    wv->nr_machines ? ", and the machine names" : "");
		if (!f || vg_finding_set(&f->commit, wv->commit) < 0)
			return -1;
	}
	return 0;
}

static const char *const break_phrases[] = {
	"migration break",
	"migration compatibility break",
	"migration-compatibility break",
	"break migration",
	"breaks migration",
	"breaking migration",
	"broke migration",
	"break live migration",
	"breaks live migration",
	"breaking live migration",
	"break the migration",
	"breaks the migration",
	"break cross-version migration",
	"breaks cross-version migration",
	"break backward migration",
	"breaks backward migration",
	"breaks backwards migration",
	"break forward migration",
	"breaks forward migration",
	"migration incompatib",
	"incompatible migration",
	"migration-incompatible",
	"breaks compatibility with older",
};

static int negated(const char *text, const char *at)
{
	static const char *const neg[] = { "not ", "n't ", "no ", "never ", "without " };
	const char *from = at - text > 16 ? at - 16 : text;
	size_t i, n = (size_t)(at - from);
	char window[17];

	for (i = 0; i < n; i++)
		window[i] = (char)tolower((unsigned char)from[i]);
	window[n] = '\0';
	for (i = 0; i < VG_ARRAY_SIZE(neg); i++)
		if (strstr(window, neg[i]))
			return 1;
	return 0;
}

int vg_message_states_break(const char *message)
{
	char *clean = vg_message_clean(message);
	char *lower, *p;
	size_t i;
	int found = 0;

	if (!clean)
		return 0;
	lower = clean;
	/* Lower-case, and blank out the Migration-Break lines themselves. */
	for (p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (p = lower; (p = strstr(p, "migration-break:"));) {
		while (*p && *p != '\n')
			*p++ = ' ';
	}
	for (p = lower; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	for (i = 0; i < VG_ARRAY_SIZE(break_phrases) && !found; i++) {
		const char *at = lower;

		while ((at = strstr(at, break_phrases[i]))) {
			if (!negated(lower, at)) {
				found = 1;
				break;
			}
			at++;
		}
	}
	free(clean);
	return found;
}

/*
 * From this many unwaived errors in one description and commit, one
 * trailer for the description (a rewrite of i82596 in QEMU cbf62eef84 is
 * 44 field errors: one line to write, not 44).
 */
#define SUGGEST_WHOLE_DESC 4

static char *suggest(const struct vg_finding *f, int whole)
{
	const char *name = f->desc ? f->desc : f->section;
	struct vg_buf b = VG_BUF_INIT;

	/*
	 * The description the finding is about: a break in a description
	 * shared by many sections (PCIDevice) is one change, one trailer.
	 */
	if (!name)
		return NULL;
	vg_buf_printf(&b, VG_WAIVER_KEY ": %s", name);
	if (f->item && !whole) {
		size_t nlen = strlen(name);

		/* A subsection's item is often its full name, "esp/pdma". */
		if (!strncmp(f->item, name, nlen) && f->item[nlen] == '/')
			vg_buf_printf(&b, "/%s", f->item + nlen + 1);
		else
			vg_buf_printf(&b, "/%s", f->item);
	}
	if (f->machine)
		vg_buf_printf(&b, " (%s)", f->machine);
	vg_buf_puts(&b, ": <reason>");
	return vg_buf_detach(&b);
}

char *vg_waiver_suggest(const struct vg_finding *f)
{
	return suggest(f, 0);
}

/* An error a trailer could be suggested for (commit: NULL for any). */
static int suggestible(const struct vg_finding *f, const char *commit)
{
	if (f->severity != VG_SEV_ERROR || f->waived_by ||
	    f->rule == VG_RULE_WAIVER_MALFORMED || f->rule == VG_RULE_WAIVER_UNUSED ||
	    f->rule == VG_RULE_WAIVER_SUGGESTED)
		return 0;
	return !commit || (f->commit && !strcmp(f->commit, commit));
}

/*
 * Per description (or section) name, how many suggestible errors without
 * a machine list[from..] has: counted once, in a map from the name's hash
 * to the index of its first finding (counting per error was quadratic).
 */
struct desc_counts {
	struct vg_hashmap map;
	size_t *count;          /* by finding index: set on the first of each name */
};

static const char *desc_name(const struct vg_finding *f)
{
	return f->desc ? f->desc : f->section;
}

static size_t *desc_slot(struct desc_counts *dc, const struct vg_findings *list, const char *name,
			 size_t at, int add)
{
	uint64_t h = vg_hash_str(name);
	size_t pos = 0, i;

	while ((i = vg_hashmap_next(&dc->map, h, &pos)) != VG_HASHMAP_NONE)
		if (!strcmp(desc_name(&list->items[i]), name))
			return &dc->count[i];
	if (!add || vg_hashmap_add(&dc->map, h, at) < 0)
		return NULL;
	return &dc->count[at];
}

static int desc_counts_build(struct desc_counts *dc, const struct vg_findings *list, size_t from,
			     const char *commit)
{
	size_t i, *n;

	if (list->nr && !(dc->count = vg_calloc(list->nr, sizeof(*dc->count))))
		return -1;
	for (i = from; i < list->nr; i++) {
		const struct vg_finding *g = &list->items[i];

		if (!desc_name(g) || g->machine || g->severity != VG_SEV_ERROR || g->waived_by ||
		    (commit && (!g->commit || strcmp(g->commit, commit))))
			continue;
		if (!(n = desc_slot(dc, list, desc_name(g), i, 1)))
			return -1;
		(*n)++;
	}
	return 0;
}

int vg_waiver_suggest_lines(const struct vg_findings *list, size_t from, const char *commit,
			    const char *sep, struct vg_buf *out)
{
	struct vg_waivers seen = VG_WAIVERS_INIT;
	struct vg_hashmap seen_map = VG_HASHMAP_INIT;
	struct desc_counts dc = { VG_HASHMAP_INIT, NULL };
	size_t i, k;
	int ret = -1;

	if (desc_counts_build(&dc, list, from, commit) < 0)
		goto done;
	for (i = from; i < list->nr; i++) {
		const struct vg_finding *f = &list->items[i];
		const char *names[2] = { f->desc, f->section };
		struct vg_waiver w;
		const char *problem;
		char *line, *value;
		size_t *n, errors;
		int covered = 0;

		if (!suggestible(f, commit))
			continue;
		/* Covered by a line suggested already? (Looked up by name, as apply does.) */
		for (k = 0; k < 2 && !covered; k++) {
			size_t pos = 0, j;

			if (!names[k])
				continue;
			while (!covered &&
			       (j = vg_hashmap_next(&seen_map, vg_hash_str(names[k]), &pos)) != VG_HASHMAP_NONE)
				covered = vg_waiver_matches(&seen.items[j], f);
		}
		if (covered)
			continue;
		n = desc_name(f) && !f->machine ? desc_slot(&dc, list, desc_name(f), i, 0) : NULL;
		errors = n ? *n : 0;
		if (!(line = suggest(f, errors >= SUGGEST_WHOLE_DESC)))
			continue;
		/* Parse it back (with a stand-in reason) to know what it covers. */
		value = vg_strdup(line + strlen(VG_WAIVER_KEY ":"));
		if (!value) {
			free(line);
			goto done;
		}
		*strstr(value, "<reason>") = 'x';
		if (vg_waiver_parse_value(value, &w, &problem) == 0) {
			if (VG_GROW(seen.items, seen.alloc, seen.nr + 1) < 0) {
				vg_waiver_release(&w);
				free(value);
				free(line);
				goto done;
			}
			seen.items[seen.nr++] = w;
			if (index_waiver(&seen_map, &seen.items[seen.nr - 1], seen.nr - 1) < 0) {
				free(value);
				free(line);
				goto done;
			}
		}
		free(value);
		vg_buf_printf(out, "%s%s", out->len ? sep : "", line);
		free(line);
	}
	ret = out->failed ? -1 : 0;
done:
	free(dc.count);
	vg_hashmap_release(&dc.map);
	vg_hashmap_release(&seen_map);
	vg_waivers_release(&seen);
	return ret;
}

void vg_waiver_release(struct vg_waiver *w)
{
	free(w->line);
	free(w->path);
	free_machines(w);
	free(w->reason);
	free(w->commit);
	memset(w, 0, sizeof(*w));
}

void vg_waivers_release(struct vg_waivers *w)
{
	size_t i;

	for (i = 0; i < w->nr; i++)
		vg_waiver_release(&w->items[i]);
	free(w->items);
	memset(w, 0, sizeof(*w));
}
