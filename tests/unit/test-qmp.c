/*
 * The QMP reader on canned input: whole messages through vg_qmp_parse(),
 * and byte streams through one end of a socketpair (split lines, events
 * between a command and its reply, garbage, an overlong line, a peer that
 * closes, one that stays silent), and QEMU's error lines from a stderr file.
 */
#include "unit.h"
#include "migrate/qmp.h"
#include "migrate/proc.h"

#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void parse_ok(const char *text, enum vg_qmp_kind want)
{
	struct vg_why why = { "" };
	enum vg_qmp_kind kind;
	cJSON *j = NULL;

	assert_int_equal(vg_qmp_parse(text, strlen(text), &j, &kind, &why), 0);
	assert_non_null(j);
	assert_int_equal(kind, want);
	cJSON_Delete(j);
}

static void parse_bad(const char *text, size_t len, const char *reason)
{
	struct vg_why why = { "" };
	enum vg_qmp_kind kind;
	cJSON *j = (cJSON *)1;

	assert_int_equal(vg_qmp_parse(text, len, &j, &kind, &why), -1);
	assert_null(j);
	assert_non_null(strstr(why.msg, reason));
}

static void test_parse(void **state)
{
	static const char nul[] = "{\"return\": {}}\0garbage";

	(void)state;
	parse_ok("{\"QMP\": {\"version\": {}, \"capabilities\": []}}", VG_QMP_GREETING);
	parse_ok("{\"return\": {}}", VG_QMP_RETURN);
	parse_ok("{\"return\": [1, 2]}", VG_QMP_RETURN);
	parse_ok("{\"error\": {\"class\": \"GenericError\", \"desc\": \"no\"}}", VG_QMP_ERROR);
	parse_ok("{\"event\": \"MIGRATION\", \"data\": {\"status\": \"setup\"}}", VG_QMP_EVENT);
	parse_bad("{\"return\": ", 11, "malformed JSON");
	parse_bad("", 0, "malformed JSON");
	parse_bad("[1, 2]", 6, "not a JSON object");
	parse_bad("\"QMP\"", 5, "not a JSON object");
	parse_bad("{\"hello\": 1}", 12, "not QMP");
	parse_bad("{\"event\": 7}", 12, "not QMP");
	parse_bad("{\"error\": \"flat\"}", 17, "not QMP");
	/* The length given is the message: what follows is not read. */
	parse_ok(nul, VG_QMP_RETURN);
	parse_bad(nul, sizeof(nul) - 1, "malformed JSON");
	parse_bad("{\"return\": {}} {}", 17, "malformed JSON");
	parse_ok("{\"return\": {}} \r\n", VG_QMP_RETURN);
}

/* A qmp client on one end of a socketpair; *peer is the other end. */
static void pair(struct vg_qmp *q, int *peer)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	*q = (struct vg_qmp)VG_QMP_INIT("the canned QEMU");
	vg_qmp_attach(q, sv[0]);
	*peer = sv[1];
}

static void put(int fd, const char *s)
{
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

static void test_stream(void **state)
{
	struct vg_qmp q;
	struct vg_why why = { "" };
	enum vg_qmp_kind kind;
	cJSON *j = NULL, *ret = NULL;
	char sent[256];
	int peer;
	ssize_t n;

	(void)state;
	pair(&q, &peer);
	/* A greeting in two pieces, then the reply to qmp_capabilities after an event. */
	put(peer, "{\"QMP\": {\"version\": {}, ");
	put(peer, "\"capabilities\": []}}\r\n{\"event\": \"MIGRATION\", \"data\": "
		  "{\"status\": \"active\"}}\n{\"return\": {}}\n");
	assert_int_equal(vg_qmp_handshake(&q, vg_mig_now() + 5, &why), 0);
	assert_string_equal(q.migration, "active");
	n = read(peer, sent, sizeof(sent) - 1);
	assert_true(n > 0);
	sent[n] = '\0';
	assert_string_equal(sent, "{\"execute\": \"qmp_capabilities\"}\n");
	/* A command's return value, events before it. */
	put(peer, "{\"event\": \"MIGRATION\", \"data\": {\"status\": \"completed\"}}\n"
		  "{\"return\": {\"status\": \"completed\"}}\n");
	assert_int_equal(vg_qmp_command(&q, "query-migrate", NULL, vg_mig_now() + 5, &ret,
					&why), 0);
	assert_string_equal(cJSON_GetObjectItem(ret, "status")->valuestring, "completed");
	assert_string_equal(q.migration, "completed");
	cJSON_Delete(ret);
	n = read(peer, sent, sizeof(sent) - 1);
	assert_true(n > 0);
	/* An error reply is "CMD: DESC". */
	put(peer, "{\"error\": {\"class\": \"GenericError\", \"desc\": \"no migration\"}}\n");
	assert_int_equal(vg_qmp_command(&q, "migrate", "{\"uri\": \"unix:/x\"}",
					vg_mig_now() + 5, NULL, &why), -1);
	assert_string_equal(why.msg, "migrate: no migration");
	/* Garbage is an error, and the next line is read normally. */
	put(peer, "}}}not json\n{\"return\": 1}\n");
	assert_int_equal(vg_qmp_read(&q, vg_mig_now() + 5, &j, &kind, &why), -1);
	assert_non_null(strstr(why.msg, "malformed JSON"));
	assert_int_equal(vg_qmp_read(&q, vg_mig_now() + 5, &j, &kind, &why), 0);
	assert_int_equal(kind, VG_QMP_RETURN);
	cJSON_Delete(j);
	/* Silence until the deadline: a timeout, not a hang. */
	assert_int_equal(vg_qmp_read(&q, vg_mig_now() + 0.2, &j, &kind, &why), -1);
	assert_non_null(strstr(why.msg, "timed out"));
	/* The peer goes away mid-line. */
	put(peer, "{\"return\"");
	close(peer);
	assert_int_equal(vg_qmp_read(&q, vg_mig_now() + 5, &j, &kind, &why), -1);
	assert_non_null(strstr(why.msg, "closed its QMP connection"));
	assert_true(q.closed);
	vg_qmp_release(&q);
}

static void test_overlong(void **state)
{
	struct vg_qmp q;
	struct vg_why why = { "" };
	enum vg_qmp_kind kind;
	cJSON *j = NULL;
	char *big = malloc(VG_QMP_MAX_LINE + 4096);
	size_t off = 0;
	pid_t pid;
	int peer;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', VG_QMP_MAX_LINE + 4096);
	pair(&q, &peer);
	/* A writer child: the line is larger than the socket buffer. */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		while (off < VG_QMP_MAX_LINE + 4096) {
			ssize_t n = write(peer, big + off, VG_QMP_MAX_LINE + 4096 - off);

			if (n <= 0)
				_exit(0);
			off += (size_t)n;
		}
		_exit(0);
	}
	close(peer);
	assert_int_equal(vg_qmp_read(&q, vg_mig_now() + 10, &j, &kind, &why), -1);
	assert_non_null(strstr(why.msg, "over 1048576 bytes"));
	assert_null(j);
	vg_qmp_release(&q);
	waitpid(pid, NULL, 0);
	free(big);
}

static void test_error_lines(void **state)
{
	char path[] = "/tmp/vg-test-qmp.XXXXXX";
	int fd = mkstemp(path);
	char *s;

	(void)state;
	assert_true(fd >= 0);
	put(fd, "qemu-system-x86_64: warning: nic e1000.0 has no peer\n"
		"qemu-system-x86_64: Unknown ramblock \"0000:00:01.0/e1000.rom\", cannot accept "
		"migration\n\n"
		"qemu-system-x86_64: error while loading state for instance 0x0 of device 'ram'\n"
		"qemu-system-x86_64: load of migration failed: Invalid argument\x01\n"
		"qemu-system-x86_64: a fourth line\n");
	close(fd);
	s = vg_proc_error_lines(path);
	assert_non_null(s);
	assert_string_equal(s, "Unknown ramblock \"0000:00:01.0/e1000.rom\", cannot accept "
			    "migration; error while loading state for instance 0x0 of device "
			    "'ram'; load of migration failed: Invalid argument?");
	free(s);
	unlink(path);
	s = vg_proc_error_lines(path);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_error_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
