#include "rules.h"
#include "util.h"

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
			cand[strlen(cand) - strlen("/macros")] = '\0';
			free(dir);
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
